using System.CommandLine;
using Inception.Compiler.Emit.Graph;
using Inception.Compiler.IR;
using Inception.Runtime.IO;

namespace Inception.Cli;

/// <summary><c>incept graph FILE</c>: draws one network, or one of its modules, as DOT, Mermaid or SVG.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var file = CommandKit.File("the .incept file");
        var format = CommandKit.Choice("--format", "Graphviz DOT, Mermaid, or SVG (drawn by Graphviz's dot)", "dot", "mermaid", "svg");
        var rankdir = CommandKit.Choice("--rankdir", "top to bottom or left to right", "TB", "LR");
        var depth = CommandKit.Depth();
        var network = CommandKit.Network();
        var module = new Option<string?>("--module") { Description = "draw only this module, by its state_dict path (Mixed_5b)", HelpName = "PATH" };
        var target = new Option<string?>("--output", "-o") { Description = "write to FILE instead of standard output ('-' is standard output too); a link is followed, a device or pipe written into", HelpName = "FILE" };
        var command = new Command("graph", "Draw a network, or one of its modules, with the tensor shape on every edge.")
        {
            file, format, rankdir, depth, network, module, target,
        };
        return command.WithAction((parse, output, error) => Run(
            new Request(parse.GetValue(file)!, parse.GetValue(format)!, parse.GetValue(rankdir) == "LR" ? GraphDirection.LeftToRight : GraphDirection.TopToBottom, parse.GetValue(depth), parse.GetValue(network), parse.GetValue(module), parse.GetValue(target)),
            output,
            error));
    }

    private sealed record Request(string File, string Format, GraphDirection Direction, int? Depth, string? Network, string? Module, string? Output);

    private static int Run(Request request, TextWriter output, TextWriter error)
    {
        var (format, direction, depth) = (request.Format, request.Direction, request.Depth);
        CommandKit.RefuseReplacingAnInput(request.Output, request.File);
        var result = SourceFiles.Compile(request.File, error);
        if (result is null || result.HasErrors)
        {
            return ExitCodes.Errors;
        }

        var network = PickNetwork(result.Networks, request.Network);
        var module = request.Module is { } path ? PickModule(network, path) : null;
        var graph = GraphBuilder.Build(network, depth, module);
        var text = format == "mermaid" ? MermaidEmitter.Emit(graph, direction) : DotEmitter.Emit(graph, direction);
        try
        {
            if (format == "svg")
            {
                var executable = Graphviz.Locate(Environment.GetEnvironmentVariable("PATH"));
                if (executable is null)
                {
                    error.WriteLine($"incept: {Graphviz.Missing}");
                    return ExitCodes.Errors;
                }

                text = Graphviz.ToSvg(executable, text);
            }

            if (request.Output is { } file && file != CommandKit.StandardOutput)
            {
                AtomicFile.WriteAllText(file, text);
            }
            else
            {
                output.Write(text);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            error.WriteLine($"incept: {exception.Message}");
            return ExitCodes.Errors;
        }

        return ExitCodes.Success;
    }

    private static NetworkIr PickNetwork(IReadOnlyList<NetworkIr> networks, string? wanted)
    {
        if (wanted is not null)
        {
            return networks.FirstOrDefault(n => n.Name == wanted) ?? throw new UsageException($"no network named '{wanted}' in the file");
        }

        return networks.Count switch
        {
            0 => throw new UsageException("no network in the file"),
            1 => networks[0],
            _ => throw new UsageException($"the file has {networks.Count} networks ({string.Join(", ", networks.Select(n => n.Name))}); pick one with --network"),
        };
    }

    private static IrNode PickModule(NetworkIr network, string path)
    {
        var modules = network.Nodes().Where(n => n.Kind == IrKind.Module && n.Depth > 0).ToList();
        var top = modules.Where(n => n.Depth == 1).Select(n => n.Path).ToList();
        return modules.FirstOrDefault(n => n.Path == path)
            ?? throw new UsageException(top.Count == 0
                ? $"network '{network.Name}' has no modules"
                : $"network '{network.Name}' has no module '{path}'; its top-level modules are {string.Join(", ", top)}");
    }
}
