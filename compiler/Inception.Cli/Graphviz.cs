using System.Diagnostics;

namespace Inception.Cli;

/// <summary>Runs Graphviz's <c>dot</c>, which turns DOT text into SVG; the CLI ships no layout engine of its own.</summary>
internal static class Graphviz
{
    public const string Missing = "graph --format svg needs Graphviz's dot; install the Debian package graphviz (apt-get install graphviz)";

    /// <summary>The <c>dot</c> executable on <paramref name="searchPath"/> (a PATH value), or null.</summary>
    public static string? Locate(string? searchPath)
    {
        var names = OperatingSystem.IsWindows() ? new[] { "dot.exe" } : new[] { "dot" };
        return (searchPath ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => names.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Lays out <paramref name="dot"/> and returns the SVG, or throws with dot's own complaint.</summary>
    public static string ToSvg(string executable, string dot)
    {
        var start = new ProcessStartInfo(executable, "-Tsvg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");

        // Read both streams while writing, or a large graph fills a pipe and both processes wait forever.
        var svg = process.StandardOutput.ReadToEndAsync();
        var complaint = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(dot);
        process.StandardInput.Close();
        process.WaitForExit();
        return process.ExitCode == 0
            ? svg.Result
            : throw new InvalidOperationException($"{executable} -Tsvg failed with exit code {process.ExitCode}: {complaint.Result.Trim()}");
    }
}
