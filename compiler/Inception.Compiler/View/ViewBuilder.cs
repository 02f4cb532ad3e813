using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Collections;
using Inception.Compiler.IR;

namespace Inception.Compiler.View;

/// <summary>
/// Builds the picture's model from the IR in one walk: every node with its kind, op, call, options, shapes,
/// counts, share and source position, and the tensors between siblings. Nothing here re-derives a shape or a
/// count: they are the IR's.
/// </summary>
public static class ViewBuilder
{
    /// <summary>The network's view; the root counts the inference path's MACs, as the totals do (its children's sum adds the aux heads').</summary>
    /// <param name="spans">The texts the network was compiled from, for where each node's text ends.</param>
    public static ArchitectureView Build(NetworkIr network, SourceSpans spans) =>
        new(Totals(network), Node(network.Root, parent: null, parentId: string.Empty, index: 0, network, spans) with { Macs = network.Macs, Share = 1 });

    /// <summary>The view of a network of <paramref name="compilation"/>, its spans read from the compiled texts.</summary>
    public static ArchitectureView Build(CompilationResult compilation, NetworkIr network) => Build(network, SourceSpans.Of(compilation.Sources));

    public static ViewTotals Totals(NetworkIr network) => new(
        network.Name,
        network.SourcePath,
        network.Input.ToString(),
        network.Classes,
        network.Parameters,
        network.Parameters - network.AuxParameters,
        network.Macs,
        network.AuxMacs);

    /// <summary>
    /// The drawn id of a node: its state_dict path where it has a name; otherwise its parent's id and a name made
    /// from its kind and place (<c>Mixed_5b/concat0/branch1</c>), so every drawn node has a stable, unique id.
    /// </summary>
    internal static (string Id, string Name) Identity(IrNode node, IrNode? parent, string parentId, string kind, int index)
    {
        if (parent is null)
        {
            return (string.Empty, node.Name);
        }

        if (node.Name.Length > 0)
        {
            return (node.Path, node.Name);
        }

        var name = kind switch
        {
            "sequence" when parent.Kind == IrKind.Residual => index == 0 ? "body" : "shortcut",
            "branch" => "branch" + index,
            _ => kind + index,
        };
        return (parentId.Length == 0 ? name : parentId + "/" + name, name);
    }

    private static ViewNode Node(IrNode node, IrNode? parent, string parentId, int index, NetworkIr network, SourceSpans spans)
    {
        var kind = KindOf(node, parent);
        var (id, name) = Identity(node, parent, parentId, kind, index);
        var children = node.Children.Select((child, i) => Node(child, node, id, i, network, spans)).ToList();
        var layout = node.Kind is IrKind.Concat or IrKind.Residual ? "parallel" : "chain";
        return Leaf(node, id, name, kind, network, spans) with
        {
            Layout = layout,
            Children = children.ToEquatableArray(),
            Edges = Edges(id, node, children, layout).ToEquatableArray(),
        };
    }

    /// <summary>A node's own facts, without children or edges: what a diff shows for either side.</summary>
    internal static ViewNode Leaf(IrNode node, string id, string name, string kind, NetworkIr network, SourceSpans spans) => new(
        id,
        name,
        kind,
        node.Op.Keyword,
        CallOf(node.Op),
        node.Detail,
        node.Input.ToString(),
        node.Output.ToString(),
        node.Parameters,
        node.Macs,
        network.ShareOf(node.Macs) ?? 0,
        node.Auxiliary,
        spans.Span(node.Location),
        "chain",
        EquatableArray<ViewNode>.Empty,
        EquatableArray<ViewEdge>.Empty)
    {
        Activations = node.Output.Elements,
    };

    internal static string KindOf(IrNode node, IrNode? parent) => node.Op switch
    {
        NetworkOp => "network",
        BlockOp => "block",
        AuxHeadOp => "aux",
        ConcatOp { IsGridReduction: true } => "reduce_grid",
        ConcatOp => "concat",
        ResidualOp => "residual",
        SequenceOp { IsModule: true } => "module",
        SequenceOp when parent?.Kind == IrKind.Concat => "branch",
        SequenceOp => "sequence",
        _ => "layer",
    };

    /// <summary>Chained children pass the tensor on; an auxiliary head taps it without passing anything on.</summary>
    internal static IEnumerable<ViewEdge> Edges(string id, IrNode node, IReadOnlyList<ViewNode> children, string layout)
    {
        var (input, output) = ($"{id}#in", $"{id}#out");
        if (layout == "parallel")
        {
            foreach (var child in children)
            {
                yield return new ViewEdge(input, child.Id, node.Input.ToString(), child.Auxiliary);
                yield return new ViewEdge(child.Id, output, child.Output, child.Auxiliary);
            }

            yield break;
        }

        var (previous, shape) = (input, node.Input.ToString());
        foreach (var child in children)
        {
            if (child.Kind == "aux" && !node.Auxiliary)
            {
                yield return new ViewEdge(previous, child.Id, shape, Auxiliary: true);
                continue;
            }

            yield return new ViewEdge(previous, child.Id, shape, child.Auxiliary);
            (previous, shape) = (child.Id, child.Output);
        }

        yield return new ViewEdge(previous, output, node.Output.ToString(), node.Auxiliary);
    }

    private static string? CallOf(IrOp op) => op switch
    {
        BlockOp block => $"{block.BlockName}({block.Detail(default, default)})",
        AuxHeadOp { Body: BlockOp block } => $"{block.BlockName}({block.Detail(default, default)})",
        _ => null,
    };
}
