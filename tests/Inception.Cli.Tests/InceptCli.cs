using Inception.Cli;

namespace Inception.Cli.Tests;

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

    /// <summary>Runs the real <c>incept</c> process (exit code, streams), as a user's shell would, bounded by 3 minutes.</summary>
    public static (int Code, string Output, string Error) RunProcess(params string[] args) => InceptProcess.Run(TimeSpan.FromMinutes(3), args);

    /// <summary>The located diagnostics among what a command printed, without its summary or hints.</summary>
    public static string Diagnostics(string text) =>
        string.Join("\n", text.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^.+\(\d+,\d+\): (error|warning) INC\d{4}: ")).Select(l => l.TrimEnd('\r')));
}
