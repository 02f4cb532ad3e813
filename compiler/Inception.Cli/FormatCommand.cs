using Inception.Compiler.Diagnostics;
using Inception.Compiler.Emit.Format;

namespace Inception.Cli;

/// <summary>
/// <c>incept fmt FILE... [--check]</c>: rewrites the files that are not in the canonical layout and lists them;
/// with --check it only lists them and exits 1 if there are any, so CI can insist on formatted files.
/// </summary>
internal static class FormatCommand
{
    public static int Run(Arguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positional.Count == 0)
        {
            throw new UsageException("fmt needs at least one .incept file");
        }

        var checkOnly = arguments.Flag("--check");
        var unreadable = 0;
        var unformatted = 0;
        foreach (var path in arguments.Positional)
        {
            if (!File.Exists(path))
            {
                output.WriteLine($"{path}(1,1): error {DiagnosticIds.FileNotFound}: file not found");
                unreadable++;
                continue;
            }

            var text = File.ReadAllText(path);
            var result = SourceFormatter.Format(path, text);
            if (result.Text is null)
            {
                foreach (var diagnostic in result.Diagnostics)
                {
                    output.WriteLine(diagnostic.ToString());
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
                        AtomicText.Write(path, result.Text);
                    }
                    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                    {
                        output.WriteLine($"{path}(1,1): error {DiagnosticIds.CannotWrite}: cannot write the formatted file ({exception.Message.TrimEnd('.')}); the file is unchanged");
                        unreadable++;
                        continue;
                    }
                }

                output.WriteLine(path);
                unformatted++;
            }
        }

        error.WriteLine(Summary(arguments.Positional.Count, unformatted, unreadable, checkOnly));
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
