using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.IR;

namespace Inception.Compiler.Emit.Graph;

/// <summary>
/// Turns a network's IR into a <see cref="GraphModel"/>: a node per layer, a concat node joining each set of
/// branches, a box per module and per multi-layer branch, edges labelled with the tensor shape, and
/// auxiliary heads as side paths that end in an output of their own.
/// </summary>
public sealed class GraphBuilder
{
    private readonly GraphIds _ids = new();
    private readonly List<GraphEdge> _edges = new();
    private readonly int? _foldDepth;

    private GraphBuilder(int? foldDepth) => _foldDepth = foldDepth;

    /// <param name="depth">Folds every module more than this many levels below the drawn network or module into one node, as stats --depth does.</param>
    /// <param name="module">A module of <paramref name="network"/> to draw alone, or null for the whole network.</param>
    public static GraphModel Build(NetworkIr network, int? depth = null, IrNode? module = null)
    {
        var top = module ?? network.Root;
        var builder = new GraphBuilder(top.Depth + depth);
        var root = new GraphCluster(builder._ids.Next("graph"), string.Empty, Auxiliary: false);
        var input = builder.Terminal(root, "input", top.Input.ToString());

        // The drawn module itself is never folded, whatever the depth: it is the picture.
        var tail = module is null
            ? builder.Sequence(network.Root.Children, root, input)
            : builder.Sequence(module.Children, builder.Box(root, module, GraphLabels.Module(module)), input);
        var output = builder.Terminal(root, "output", top.Output.ToString());
        builder.Link(tail, output, top.Output, auxiliary: false);
        return new GraphModel(module is null ? network.Name : network.Name + ": " + module.Path, root, builder._edges);
    }

    /// <summary>Draws a run of nodes fed by <paramref name="source"/>; returns the node that gives its output.</summary>
    private string Sequence(IEnumerable<IrNode> nodes, GraphCluster cluster, string source)
    {
        var tail = source;
        foreach (var node in nodes)
        {
            var end = Draw(node, cluster, tail);
            if (node.Op is AuxHeadOp)
            {
                // An auxiliary head branches off the main path, which carries on from the same tensor.
                var output = Terminal(cluster, node.Name + " output", node.Output.ToString(), auxiliary: true);
                Link(end, output, node.Output, auxiliary: true);
            }
            else
            {
                tail = end;
            }
        }

        return tail;
    }

    private string Draw(IrNode node, GraphCluster cluster, string source)
    {
        var folded = node.Kind == IrKind.Module && node.Depth >= _foldDepth;
        if (node.Kind == IrKind.Layer || folded)
        {
            var drawn = new GraphNode(_ids.Next(node.Path), folded ? GraphNodeKind.Module : GraphNodeKind.Layer, GraphLabels.Node(node), node.Auxiliary);
            cluster.Items.Add(drawn);
            Link(source, drawn.Id, node.Input, node.Auxiliary);
            return drawn.Id;
        }

        return node.Kind switch
        {
            IrKind.Concat or IrKind.Residual => Join(node, cluster, source),
            IrKind.Module => Sequence(node.Children, Box(cluster, node, GraphLabels.Module(node)), source),
            _ => Sequence(node.Children, cluster, source),
        };
    }

    /// <summary>Branches from one source into a join node: the concat, or the residual's add.</summary>
    private string Join(IrNode concat, GraphCluster cluster, string source)
    {
        // A residual's sum takes the body and the shortcut; an identity shortcut is an edge of its own into it.
        var label = concat.Op is ResidualOp residual ? new[] { "add", residual.Detail(concat.Input, concat.Output) }.Where(l => l.Length > 0).ToArray() : new[] { "concat" };
        var join = new GraphNode(_ids.Next(GraphLabels.Join(concat.Path, concat.Op is ResidualOp ? "add" : "concat")), GraphNodeKind.Concat, label, concat.Auxiliary);
        foreach (var branch in concat.Children)
        {
            // An anonymous branch of several layers gets a box too, so that parallel paths stay apart.
            var home = branch.Kind == IrKind.Sequence && branch.Children.Count > 0 ? Box(cluster, branch, string.Empty) : cluster;
            var tail = Draw(branch, home, source);
            Link(tail, join.Id, branch.Output, concat.Auxiliary);
        }

        cluster.Items.Add(join);
        return join.Id;
    }

    private GraphCluster Box(GraphCluster parent, IrNode node, string label)
    {
        var box = new GraphCluster(_ids.Next(GraphLabels.Join(node.Path, node.Kind == IrKind.Module ? string.Empty : "branch")), label, node.Auxiliary);
        parent.Items.Add(box);
        return box;
    }

    private string Terminal(GraphCluster cluster, string name, string shape, bool auxiliary = false)
    {
        var node = new GraphNode(_ids.Next(name), GraphNodeKind.Terminal, new[] { name, shape }, auxiliary);
        cluster.Items.Add(node);
        return node.Id;
    }

    private void Link(string from, string to, Shape shape, bool auxiliary) => _edges.Add(new GraphEdge(from, to, shape.ToString(), auxiliary));
}
