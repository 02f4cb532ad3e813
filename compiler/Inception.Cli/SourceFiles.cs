using Inception.Compiler;
using Inception.Compiler.Diagnostics;

namespace Inception.Cli;

/// <summary>Reads and compiles the files named on the command line, printing their diagnostics.</summary>
internal static class SourceFiles
{
    public static CompilationResult? Compile(string path, TextWriter error)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"{path}(1,1): error {DiagnosticIds.FileNotFound}: file not found");
            return null;
        }

        var result = Compilation.Compile(path, File.ReadAllText(path));
        foreach (var diagnostic in result.Diagnostics)
        {
            error.WriteLine(diagnostic.ToString());
        }

        return result;
    }
}
