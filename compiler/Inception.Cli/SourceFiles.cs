using Inception.Compiler;
using Inception.Compiler.Diagnostics;

namespace Inception.Cli;

/// <summary>Reads and compiles the files named on the command line, printing their diagnostics.</summary>
internal static class SourceFiles
{
    public static CompilationResult? Compile(string path, TextWriter error)
    {
        if (Directory.Exists(path))
        {
            error.WriteLine($"{path}(1,1): error {DiagnosticIds.FileNotFound}: '{path}' is a directory, not a .incept file");
            return null;
        }

        if (!File.Exists(path))
        {
            error.WriteLine($"{path}(1,1): error {DiagnosticIds.FileNotFound}: file not found");
            return null;
        }

        string text;
        try
        {
            text = Compilation.ReadSource(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine($"{path}(1,1): error {DiagnosticIds.CannotRead}: cannot read the file: {exception.Message}");
            return null;
        }

        var result = Compilation.Compile(path, text);
        foreach (var diagnostic in result.Diagnostics)
        {
            error.WriteLine(diagnostic.ToString());
        }

        return result;
    }
}
