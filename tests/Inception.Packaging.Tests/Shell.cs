using System.Diagnostics;
using System.Text;

namespace Inception.Packaging.Tests;

/// <summary>Runs real dotnet commands (pack, new, add package, build, tool install) and captures their output.</summary>
internal static class Shell
{
    public static string Dotnet(string arguments, string workingDirectory, int expectedExitCode = 0) =>
        Run("dotnet", arguments, workingDirectory, expectedExitCode);

    public static string Run(string fileName, string arguments, string workingDirectory, int? expectedExitCode = 0)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDNOINPROCNODE"] = "1";
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {arguments} timed out:\n{output}");
        }

        process.WaitForExit();
        if (expectedExitCode is { } expected && process.ExitCode != expected)
        {
            throw new InvalidOperationException($"`{fileName} {arguments}` in {workingDirectory} exited {process.ExitCode}, expected {expected}:\n{output}");
        }

        return output.ToString();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
