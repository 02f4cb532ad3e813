using Inception.Compiler;
using Inception.Compiler.Diagnostics;

namespace Inception.Cli;

/// <summary>Reads and compiles the files named on the command line, printing their diagnostics.</summary>
internal static class SourceFiles
{
    public static CompilationResult? Compile(string path, TextWriter error)
    {
        var text = Read(path, error);
        if (text is null)
        {
            return null;
        }

        var result = Compilation.Compile(path, text);
        foreach (var diagnostic in result.Diagnostics)
        {
            error.WriteLine(diagnostic.ToString());
        }

        return result;
    }

    /// <summary>The file's text, or null after a located error that says why it cannot be read.</summary>
    public static string? Read(string path, TextWriter error)
    {
        if (Directory.Exists(path))
        {
            error.WriteLine(Errors.InputIsDirectory(path).At(new SourceLocation(path, 1, 1)));
            return null;
        }

        if (!File.Exists(path))
        {
            error.WriteLine(Errors.InputNotFound().At(new SourceLocation(path, 1, 1)));
            return null;
        }

        if (DanglingLinkTarget(path) is { } target)
        {
            error.WriteLine(Errors.DanglingLink(target).At(new SourceLocation(path, 1, 1)));
            return null;
        }

        string text;
        try
        {
            text = Compilation.ReadSource(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine(Errors.InputUnreadable(exception.Message).At(new SourceLocation(path, 1, 1)));
            return null;
        }

        return text;
    }

    /// <summary>Where a link whose target is gone points (File.Exists is true for the link itself); null for anything else.</summary>
    private static string? DanglingLinkTarget(string path)
    {
        var file = new FileInfo(path);
        try
        {
            return file.LinkTarget is { } target && file.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true } ? target : null;
        }
        catch (IOException)
        {
            // A loop of links: let the read report it.
            return null;
        }
    }
}
