namespace Inception.Cli;

/// <summary><c>incept check FILE...</c>: every diagnostic of every file; exit 1 if any is an error.</summary>
internal static class CheckCommand
{
    public static int Run(Arguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positional.Count == 0)
        {
            throw new UsageException("check needs at least one .incept file");
        }

        var failed = 0;
        foreach (var path in arguments.Positional)
        {
            var result = SourceFiles.Compile(path, output);
            if (result is null || result.HasErrors)
            {
                failed++;
            }
        }

        error.WriteLine(failed == 0
            ? $"{arguments.Positional.Count} file(s) checked, no errors"
            : $"{failed} of {arguments.Positional.Count} file(s) have errors");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Errors;
    }
}
