using Inception.Cli;

namespace Inception.Compiler.Tests;

/// <summary>Runs the incept command in this process, as the tests of every command do.</summary>
internal static class InceptCli
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs the real <c>incept</c> process (exit code, streams), as a user's shell would, bounded by a timeout.</summary>
    public static (int Code, string Output, string Error) RunProcess(params string[] args)
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

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"incept {string.Join(' ', args)} ran past 3 minutes");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The located diagnostics among what a command printed, without its summary or hints.</summary>
    public static string Diagnostics(string text) =>
        string.Join("\n", text.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^.+\(\d+,\d+\): (error|warning) INC\d{4}: ")).Select(l => l.TrimEnd('\r')));
}
