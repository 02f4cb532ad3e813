using System.CommandLine;

namespace Inception.Cli;

/// <summary><c>incept check FILE...</c>: every diagnostic of every file; exit 1 if any is an error.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var files = CommandKit.Files("the .incept files to check");
        var command = new Command("check", "Report every diagnostic of each file as path(line,col): error INCnnnn: message, on standard error.")
        {
            files,
        };
        return command.WithAction((parse, _, error) => Run(parse.GetValue(files)!, error));
    }

    private static int Run(string[] files, TextWriter error)
    {
        var failed = 0;
        foreach (var path in files)
        {
            var result = SourceFiles.Compile(path, error);
            if (result is null || result.HasErrors)
            {
                failed++;
            }
        }

        error.WriteLine(failed == 0
            ? $"{files.Length} file(s) checked, no errors"
            : $"{failed} of {files.Length} file(s) have errors");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Errors;
    }
}
