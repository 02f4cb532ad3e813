namespace Inception.Packaging.Tests;

/// <summary>Real dotnet commands (pack, new, add package, build, tool install) that must succeed, or fail as expected.</summary>
internal static class Shell
{
    public static string Dotnet(string arguments, string workingDirectory, int expectedExitCode = 0)
    {
        var (exitCode, output) = ProcessRunner.Run("dotnet", arguments, workingDirectory, TimeSpan.FromMinutes(15));
        if (exitCode != expectedExitCode)
        {
            throw new InvalidOperationException($"`dotnet {arguments}` in {workingDirectory} exited {exitCode}, expected {expectedExitCode}:\n{output}");
        }

        return output;
    }
}
