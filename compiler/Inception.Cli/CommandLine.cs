using System.CommandLine;
using System.CommandLine.Help;

using Inception.Compiler.Text;

namespace Inception.Cli;

/// <summary>
/// The <c>incept</c> command tree. Each command declares its arguments and options once; System.CommandLine
/// parses them and generates the help, the typo suggestions, the completions and response-file support from
/// the same declarations. Usage mistakes exit 2, whether the parser or a command finds them.
/// </summary>
internal static class CommandLine
{
    /// <summary>Help is wrapped at a fixed width so that it reads the same in a terminal, a pipe and docs/cli.</summary>
    public const int HelpWidth = 100;

    public static RootCommand Create()
    {
        var root = new RootCommand("incept: check, format, compare, draw, emit, export and train Inception-family CNNs written in .incept files.")
        {
            CheckCommand.Create(),
            StatsCommand.Create(),
            FormatCommand.Create(),
            GraphCommand.Create(),
            ViewCommand.Create(),
            DiffCommand.Create(),
            EmitCommand.Create(),
            ExportCommand.Create(),
            EvalCommand.Create(),
            TrainCommand.Create(),
            CompletionsCommand.Create(),
            LspCommand.Create(),
        };
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction action)
            {
                action.MaxWidth = HelpWidth;
            }
        }

        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            return Dispatch(args, output, error);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A bug of ours, whatever the input: say so in one line, with what to report, and exit as sysexits' EX_SOFTWARE.
            error.WriteLine($"incept: internal error: {exception.GetType().Name}: {exception.Message}");
            error.WriteLine("This is a bug in incept; please report it with the command line and the input file.");
            return ExitCodes.InternalError;
        }
    }

    private static int Dispatch(string[] args, TextWriter output, TextWriter error)
    {
        var root = Create();
        // Exceptions are caught below, where they become one line and an exit code, never a stack trace.
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (args.Length == 0)
        {
            // No command at all: the overview of every command, on stderr since it is a usage error.
            root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = error, Error = error });
            return ExitCodes.Usage;
        }

        if (ResponseFiles.Expand(args, error) is not { } expanded)
        {
            return ExitCodes.Usage;
        }

        // Response files are expanded above, with limits; the library's own expansion has none.
        var parse = root.Parse(expanded, new ParserConfiguration { ResponseFileTokenReplacer = null });
        args = expanded;
        if (parse.Errors.Count == 0)
        {
            return parse.Invoke(configuration);
        }

        if (parse.CommandResult.Command == root && !args[0].StartsWith('-') && !args[0].StartsWith('['))
        {
            // The library would list every unmatched word with a guess for each; one line says it better.
            var closest = Inception.Compiler.Text.Spelling.Closest(args[0], root.Subcommands.Select(c => c.Name));
            error.WriteLine($"incept: unknown command '{args[0]}'{(closest is null ? string.Empty : $"; did you mean '{closest}'?")}");
            error.WriteLine("Run 'incept --help' for the commands.");
            return ExitCodes.Usage;
        }

        // The errors, each word the parser did not take with the option it was probably meant to be, and
        // where the help is: all on standard error, without the whole help.
        var unmatched = parse.UnmatchedTokens.ToList();
        foreach (var message in parse.Errors.Select(e => e.Message).Distinct())
        {
            if (!unmatched.Any(token => message.Contains($"'{token}'", StringComparison.Ordinal)))
            {
                error.WriteLine(message);
            }
        }

        foreach (var token in unmatched)
        {
            error.WriteLine(token.StartsWith('-') ? CommandKit.UnknownOption(token, parse.CommandResult) : $"Unexpected argument '{token}'.");
        }

        error.WriteLine($"Run '{CommandPath(parse)} --help' for usage.");
        return ExitCodes.Usage;
    }

    public static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? "incept" : result.Command.Name);
        }

        return string.Join(' ', names);
    }
}
