using Inception.Compiler.Emit.Graph;
using Inception.Compiler.IR;

namespace Inception.Cli;

/// <summary><c>incept graph FILE</c>: draws one network, or one of its modules, as DOT, Mermaid or SVG.</summary>
internal static class GraphCommand
{
    public static int Run(Arguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positional.Count != 1)
        {
            throw new UsageException("graph needs exactly one .incept file");
        }

        var format = arguments.Option("--format") ?? "dot";
        if (format is not ("dot" or "mermaid" or "svg"))
        {
            throw new UsageException($"unknown format '{format}'; use dot, mermaid or svg");
        }

        var direction = arguments.Option("--rankdir") switch
        {
            null or "TB" => GraphDirection.TopToBottom,
            "LR" => GraphDirection.LeftToRight,
            var other => throw new UsageException($"unknown rankdir '{other}'; use TB or LR"),
        };
        var depth = arguments.IntOption("--depth");

        // Diagnostics go to stderr, because stdout may be the picture itself.
        var result = SourceFiles.Compile(arguments.Positional[0], error);
        if (result is null || result.HasErrors)
        {
            return ExitCodes.Errors;
        }

        var network = PickNetwork(result.Networks, arguments.Option("--network"));
        var module = arguments.Option("--module") is { } path ? PickModule(network, path) : null;
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

            if (arguments.Option("--output") is { } file)
            {
                AtomicText.Write(file, text);
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
