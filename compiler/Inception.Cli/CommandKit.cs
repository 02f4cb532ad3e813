using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

using Inception.Compiler.Text;

namespace Inception.Cli;

/// <summary>The arguments and options several commands share, so that their names, help and checks agree.</summary>
internal static class CommandKit
{
    /// <summary>The <c>-o</c> value that means standard output.</summary>
    public const string StandardOutput = "-";

    /// <summary>An output that names one of the command's inputs (the .incept file, the weights) is a usage error: it would replace the input.</summary>
    public static void RefuseReplacingAnInput(string? output, params string?[] inputs)
    {
        if (output is null || output == StandardOutput)
        {
            return;
        }

        foreach (var input in inputs)
        {
            if (input is { } existing && System.IO.File.Exists(existing) && Inception.Runtime.IO.AtomicFile.SameFile(output, existing))
            {
                throw new UsageException($"the output '{output}' is the input '{input}'; writing it would replace the input");
            }
        }
    }

    public static Argument<string[]> Files(string description) =>
        NoOptions(new Argument<string[]>("FILE") { Description = description, Arity = ArgumentArity.OneOrMore });

    public static Argument<string> File(string description) =>
        NoOptions(new Argument<string>("FILE") { Description = description });

    public static Option<string?> Network(string description = "the network to use when the file has several") =>
        new("--network") { Description = description, HelpName = "NAME" };

    public static Option<int?> Depth() => Integer("--depth", "fold modules nested deeper than N into one row", "N");

    public static Option<string> Choice(string name, string description, params string[] choices)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => choices[0] };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }

    /// <summary>An integer option of at least <paramref name="minimum"/>, with a message that says so for any other word.</summary>
    public static Option<int?> Integer(string name, string description, string helpName, int minimum = 0)
    {
        var what = minimum switch
        {
            0 => "a whole number of 0 or more",
            1 => "a whole number of 1 or more",
            _ => $"a whole number of at least {minimum}",
        };
        return new Option<int?>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum)
                {
                    return value;
                }

                result.AddError($"Option '{name}' takes {what}, not '{text}'.");
                return null;
            },
        };
    }

    /// <summary>A finite, non-negative number option, with a message that says so for any other word.</summary>
    public static Option<double?> NonNegativeNumber(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value))
            {
                return value;
            }

            result.AddError($"Option '{name}' takes a non-negative number, not '{text}'.");
            return null;
        },
    };

    /// <summary>
    /// An argument that takes any number of values also swallows misspelt options (<c>--formt</c>); those are
    /// errors here, with the command's closest option suggested.
    /// </summary>
    private static Argument<T> NoOptions<T>(Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.Length > 1 && t.Value[0] == '-'))
            {
                result.AddError(UnknownOption(token.Value, result.Parent as CommandResult));
            }
        });
        return argument;
    }

    /// <summary>"Unknown option '--epoch'. Did you mean '--epochs'?", from the options of the command being parsed.</summary>
    public static string UnknownOption(string token, CommandResult? command)
    {
        var options = command is null
            ? []
            : command.Command.Options.Concat(command.RecursiveOptions()).SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct().ToList();
        return Spelling.Closest(token, options) is { } closest
            ? $"Unknown option '{token}'. Did you mean '{closest}'?"
            : $"Unknown option '{token}'.";
    }

    private static IEnumerable<Option> RecursiveOptions(this CommandResult command)
    {
        for (var parent = command.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            foreach (var option in parent.Command.Options.Where(o => o.Recursive))
            {
                yield return option;
            }
        }
    }

    /// <summary>
    /// Runs a command's body with the invocation's writers; a <see cref="UsageException"/> it throws (a network
    /// that is not in the file, say) is a usage error like the parser's own, exit 2.
    /// </summary>
    public static Command WithAction(this Command command, Func<ParseResult, TextWriter, TextWriter, int> run)
    {
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                return run(parse, output, error);
            }
            catch (UsageException exception)
            {
                error.WriteLine($"incept: {exception.Message}");
                error.WriteLine($"Run '{CommandLine.CommandPath(parse)} --help' for usage.");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>Whether a writer is the console's and not redirected, so a progress bar or colour can be drawn.</summary>
    public static bool IsTerminal(TextWriter writer) =>
        (writer == Console.Out && !Console.IsOutputRedirected) || (writer == Console.Error && !Console.IsErrorRedirected);

    public static bool Colour(TextWriter writer) => IsTerminal(writer) && Environment.GetEnvironmentVariable("NO_COLOR") is null;
}
