using System.CommandLine;
using Inception.Compiler.Analysis.Diff;
using Inception.Compiler.Emit;
using Inception.Compiler.IR;
using Inception.Compiler.View;

namespace Inception.Cli;

/// <summary>
/// <c>incept diff A.incept B.incept</c> or <c>incept diff FILE --left X --right Y</c>: layers added, removed
/// and changed, with parameter and MAC deltas. Exit codes follow diff(1): 0 equal, 1 different, 2 trouble.
/// </summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var files = CommandKit.Files("two .incept files, or one that holds both networks");
        files.Arity = new ArgumentArity(1, 2);
        var leftOption = new Option<string?>("--left") { Description = "the left-hand network, by name", HelpName = "NAME" };
        var rightOption = new Option<string?>("--right") { Description = "the right-hand network, by name", HelpName = "NAME" };
        var format = CommandKit.Choice("--format", "a table on the terminal, markdown or json, or html: the visual diff (one merged picture, changes coloured, with their deltas)", "table", "markdown", "md", "json", "html");
        var target = new Option<string?>("--output", "-o") { Description = "with --format html: the file to write (default: standard output; '-' too); never an input", HelpName = "FILE" };
        var depth = CommandKit.Depth();
        var all = new Option<bool>("--all") { Description = "list unchanged layers too" };
        var command = new Command("diff", "Layers added, removed and changed between two networks, with parameter and MAC deltas. Exit 0 when equal, 1 when different, 2 on errors (as diff(1)).")
        {
            files, leftOption, rightOption, format, depth, all, target,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(target) is not null && result.GetValue(format) != "html")
            {
                result.AddError("--output applies to --format html; the other formats print to standard output");
            }
        });
        return command.WithAction((parse, output, error) => Run(
            parse.GetValue(files)!, parse.GetValue(leftOption), parse.GetValue(rightOption), parse.GetValue(format)!, parse.GetValue(depth), parse.GetValue(all), parse.GetValue(target), output, error));
    }

    private static int Run(string[] files, string? leftName, string? rightName, string format, int? depth, bool all, string? target, TextWriter output, TextWriter error)
    {
        CommandKit.RefuseReplacingAnInput(target, files);
        var networks = new List<List<NetworkIr>>();
        var spans = new List<SourceSpans>();
        foreach (var path in files)
        {
            var result = SourceFiles.Compile(path, error);
            if (result is null || result.HasErrors)
            {
                return ExitCodes.Usage;
            }

            networks.Add(result.Networks.ToList());
            spans.Add(SourceSpans.Of(result.Sources));
        }

        var left = Pick(networks[0], leftName, 0, files[0]);
        var right = networks.Count == 2
            ? Pick(networks[1], rightName, 0, files[1])
            : Pick(networks[0], rightName, 1, files[0]);

        var diff = ArchitectureDiff.Compare(left, right);
        if (format == "html")
        {
            var page = ViewerPage.Render($"{left.Name} \u2192 {right.Name} \u2014 incept diff", ViewJson.Write(ViewDiffBuilder.Build(diff, spans[0], spans[^1])));
            var written = ViewCommand.Write(target ?? CommandKit.StandardOutput, page, output, error);
            return written != ExitCodes.Success ? ExitCodes.Usage : diff.AreEqual ? ExitCodes.Success : ExitCodes.Errors;
        }

        output.Write(format switch
        {
            "json" => DiffEmitter.Json(diff, depth, all),
            "markdown" or "md" => DiffEmitter.Markdown(diff, depth, all),
            _ => DiffEmitter.Table(diff, depth, all, color: CommandKit.Colour(output)),
        });
        return diff.AreEqual ? ExitCodes.Success : ExitCodes.Errors;
    }

    private static NetworkIr Pick(List<NetworkIr> networks, string? name, int index, string path)
    {
        if (name is not null)
        {
            return networks.FirstOrDefault(n => n.Name == name)
                ?? throw new UsageException($"no network named '{name}' in {path}; it has: {string.Join(", ", networks.Select(n => n.Name))}");
        }

        return index < networks.Count
            ? networks[index]
            : throw new UsageException($"{path} holds {networks.Count} network(s); name the two to compare with --left and --right");
    }
}
