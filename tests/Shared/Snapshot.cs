namespace Inception.Tests.Shared;

/// <summary>
/// Baselines kept in files (emitted code, diagnostics, the help blocks of docs/cli) or inline in a test: one rule for
/// every test that keeps one. On a mismatch the new text lands beside the baseline as <c>NAME.received.EXT</c> and the test
/// fails; with <see cref="AcceptVariable"/>=1 the new text replaces the baseline.
/// </summary>
internal static class Snapshot
{
    /// <summary>The environment variable that accepts new output as the baselines.</summary>
    public const string AcceptVariable = "INCEPT_ACCEPT_SNAPSHOTS";

    /// <summary>Whether this run accepts new output.</summary>
    public static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    /// <summary>Where a mismatch's new text goes: <c>x.received.py</c> beside <c>x.py</c>.</summary>
    public static string ReceivedPath(string baseline) =>
        System.IO.Path.ChangeExtension(baseline, ".received" + System.IO.Path.GetExtension(baseline));

    /// <summary>Checks <paramref name="actual"/> against the file <paramref name="baseline"/> (<paramref name="what"/> names it in the failure).</summary>
    public static void Matches(string actual, string baseline, string what)
    {
        if (Accepting)
        {
            File.WriteAllText(baseline, actual);
        }

        var received = ReceivedPath(baseline);
        var expected = File.Exists(baseline) ? File.ReadAllText(baseline) : null;
        if (expected != actual)
        {
            File.WriteAllText(received, actual);
            Assert.Fail(expected is null
                ? $"{what} has no baseline {baseline}; the output is in {received} ({AcceptVariable}=1 accepts it)"
                : $"{what} differs from {baseline}; the new output is in {received} ({AcceptVariable}=1 accepts it)");
        }

        File.Delete(received);
    }

    /// <summary>
    /// Checks <paramref name="actual"/> against a baseline written in the test itself. On a mismatch the new text
    /// goes to <c>incept-received/NAME</c> under the temporary folder, to read or paste over the literal.
    /// </summary>
    public static void MatchesInline(string actual, string expected, string name)
    {
        var received = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "incept-received", name);
        if (expected == actual)
        {
            if (File.Exists(received))
            {
                File.Delete(received);
            }

            return;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(received)!);
        File.WriteAllText(received, actual);
        Assert.Fail($"{name} differs from its inline baseline; the new output is in {received}\n{actual}");
    }
}
