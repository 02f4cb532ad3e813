using Xunit;

// These tests share libtorch's global random generator (seeded per test for dropout and data) and its
// process-wide state; run in parallel, one test's draws land between another's seed and its forward.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
