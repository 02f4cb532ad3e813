namespace Inception.Tests.Shared;

/// <summary>Runs the real <c>incept</c> process (exit code, streams), as a user's shell would, bounded by a timeout.</summary>
internal static class InceptProcess
{
    public static (int Code, string Output, string Error) Run(TimeSpan timeout, params string[] args) =>
        Run(timeout, new Dictionary<string, string>(), args);

    /// <summary>Runs it with <paramref name="environment"/> added to this process's variables.</summary>
    public static (int Code, string Output, string Error) Run(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "incept.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"incept {string.Join(' ', args)} ran past {timeout}");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
