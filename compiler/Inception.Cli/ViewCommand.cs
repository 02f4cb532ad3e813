using System.CommandLine;
using Inception.Compiler.IR;
using Inception.Compiler.View;
using Inception.Runtime.IO;

namespace Inception.Cli;

/// <summary>
/// <c>incept view FILE</c>: writes the interactive architecture viewer for one network as one self-contained HTML
/// file (default FILE.html beside the input; '-' for standard output) and prints its path.
/// </summary>
internal static class ViewCommand
{
    public static Command Create()
    {
        var file = CommandKit.File("the .incept file");
        var network = CommandKit.Network();
        var format = CommandKit.Choice("--format", "the viewer page, or the view model as JSON (docs/viewer.md)", "html", "json");
        var target = new Option<string?>("--output", "-o") { Description = "the file to write (default: FILE.html beside the input; '-': standard output); never the input", HelpName = "FILE" };
        var command = new Command("view", "Write an interactive picture of a network as one self-contained HTML file: fold and unfold blocks, shapes on every edge, parameters and MACs per node, search, links to a layer, SVG and PNG export.")
        {
            file, network, format, target,
        };
        return command.WithAction((parse, output, error) => Run(parse.GetValue(file)!, parse.GetValue(network), parse.GetValue(format)!, parse.GetValue(target), output, error));
    }

    private static int Run(string path, string? networkName, string format, string? target, TextWriter output, TextWriter error)
    {
        target ??= Path.ChangeExtension(path, format == "json" ? ".view.json" : ".html");
        CommandKit.RefuseReplacingAnInput(target, path);
        var result = SourceFiles.Compile(path, error);
        if (result is null || result.HasErrors)
        {
            return ExitCodes.Errors;
        }

        var network = Pick(result.Networks, networkName, path);
        var json = ViewJson.Write(ViewBuilder.Build(result, network));
        var text = format == "json" ? json : ViewerPage.Render($"{network.Name} \u2014 incept view", json);
        return Write(target, text, output, error);
    }

    /// <summary>Writes the page (atomically, like every output) or prints it, and names the file it wrote.</summary>
    internal static int Write(string target, string text, TextWriter output, TextWriter error)
    {
        if (target == CommandKit.StandardOutput)
        {
            output.Write(text);
            return ExitCodes.Success;
        }

        try
        {
            AtomicFile.WriteAllText(target, text);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"incept: {exception.Message}");
            return ExitCodes.Errors;
        }

        output.WriteLine(target);
        return ExitCodes.Success;
    }

    private static NetworkIr Pick(IReadOnlyList<NetworkIr> networks, string? wanted, string path)
    {
        if (wanted is not null)
        {
            return networks.FirstOrDefault(n => n.Name == wanted)
                ?? throw new UsageException($"no network named '{wanted}' in {path}; it has: {string.Join(", ", networks.Select(n => n.Name))}");
        }

        return networks.Count switch
        {
            0 => throw new UsageException($"no network in {path}"),
            1 => networks[0],
            _ => throw new UsageException($"{path} has {networks.Count} networks ({string.Join(", ", networks.Select(n => n.Name))}); pick one with --network"),
        };
    }
}
