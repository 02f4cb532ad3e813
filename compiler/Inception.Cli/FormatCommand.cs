using System.CommandLine;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.Emit.Format;
using Inception.Runtime.IO;

namespace Inception.Cli;

/// <summary>
/// <c>incept fmt FILE... [--check]</c>: rewrites the files that are not in the canonical layout and lists them;
/// with --check it only lists them and exits 1 if there are any, so CI can insist on formatted files.
/// </summary>
internal static class FormatCommand
{
    public static Command Create()
    {
        var files = CommandKit.Files("the .incept files to format in place");
        var check = new Option<bool>("--check") { Description = "change nothing; list the files that differ and exit 1 if there are any" };
        var command = new Command("fmt", "Rewrite files in the canonical layout (atomically: a failed write leaves the file as it was) and list the ones changed.")
        {
            files, check,
        };
        return command.WithAction((parse, output, error) => Run(parse.GetValue(files)!, parse.GetValue(check), output, error));
    }

    private static int Run(string[] files, bool checkOnly, TextWriter output, TextWriter error)
    {
        var unreadable = 0;
        var unformatted = 0;
        foreach (var path in files)
        {
            var text = SourceFiles.Read(path, error);
            if (text is null)
            {
                unreadable++;
                continue;
            }

            var result = SourceFormatter.Format(path, text);
            if (result.Text is null)
            {
                foreach (var diagnostic in result.Diagnostics)
                {
                    error.WriteLine(diagnostic.ToString());
                }

                unreadable++;
            }
            else if (result.Text != text)
            {
                if (!checkOnly)
                {
                    try
                    {
                        // A temporary file and a rename: a full disk or a read-only folder never costs the source.
                        AtomicFile.WriteAllText(path, result.Text);
                    }
                    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                    {
                        error.WriteLine(Errors.FormattedFileUnwritable(exception.Message.TrimEnd('.')).At(new SourceLocation(path, 1, 1)));
                        unreadable++;
                        continue;
                    }
                }

                output.WriteLine(path);
                unformatted++;
            }
        }

        error.WriteLine(Summary(files.Length, unformatted, unreadable, checkOnly));
        return unreadable > 0 || (checkOnly && unformatted > 0) ? ExitCodes.Errors : ExitCodes.Success;
    }

    private static string Summary(int files, int unformatted, int unreadable, bool checkOnly)
    {
        var summary = unformatted == 0
            ? $"{files - unreadable} of {files} file(s) already formatted"
            : $"{unformatted} of {files} file(s) {(checkOnly ? "need formatting" : "reformatted")}";
        return unreadable == 0 ? summary : $"{summary}, {unreadable} not formatted because of errors";
    }
}
