namespace Inception.Cli.Tests;

/// <summary>
/// Tests that run TorchSharp in this process run alone. TorchSharp 0.107 passes temporary Scalars to
/// native calls without keeping them alive, so a finalizer run by a garbage collection that another test's
/// allocations trigger can free one mid-call (seen once in CI: BatchNorm's num_batches_tracked.add_(1)
/// failing inside libtorch). Running these tests without neighbours removes that pressure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "TorchSharp in process";
}
