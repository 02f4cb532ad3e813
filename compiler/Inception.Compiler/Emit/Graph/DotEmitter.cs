using System.Text;

namespace Inception.Compiler.Emit.Graph;

/// <summary>Writes a <see cref="GraphModel"/> in Graphviz's DOT language, one cluster per box.</summary>
public static class DotEmitter
{
    public static string Emit(GraphModel graph, GraphDirection direction)
    {
        var text = new StringBuilder();
        text.Append("digraph ").Append(Quote(graph.Title)).Append(" {\n");

        // newrank lets dot keep the branch clusters of a concat in the order the source lists them.
        text.Append("  graph [rankdir=").Append(direction == GraphDirection.LeftToRight ? "LR" : "TB")
            .Append(", label=").Append(Quote(graph.Title))
            .Append(", labelloc=t, newrank=true, fontname=\"Helvetica\", fontsize=16, nodesep=0.3, ranksep=0.35];\n");
        text.Append("  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", fillcolor=\"#dae8fc\", color=\"#6c8ebf\"];\n");

        // Heavier main-path edges keep the network's spine straight while auxiliary heads hang off to the side.
        text.Append("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\", weight=4];\n");
        Contents(text, graph.Root, "  ");
        foreach (var edge in graph.Edges)
        {
            text.Append("  ").Append(edge.From).Append(" -> ").Append(edge.To).Append(" [label=").Append(Quote(edge.Label));
            text.Append(edge.Auxiliary ? ", style=dashed, weight=1];\n" : "];\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    private static void Contents(StringBuilder text, GraphCluster cluster, string indent)
    {
        foreach (var item in cluster.Items)
        {
            if (item is GraphNode node)
            {
                text.Append(indent).Append(node.Id).Append(" [label=").Append(Quote(string.Join("\n", node.Lines))).Append(Style(node)).Append("];\n");
                continue;
            }

            var child = (GraphCluster)item;

            // Graphviz draws a subgraph as a box only when its name starts with "cluster".
            text.Append(indent).Append("subgraph cluster_").Append(child.Id).Append(" {\n");
            var inner = indent + "  ";
            text.Append(inner).Append("label=").Append(Quote(child.Label)).Append("; labeljust=l; fontsize=11; style=\"rounded")
                .Append(child.Auxiliary ? ",dashed" : string.Empty).Append("\"; color=")
                .Append(child.Label.Length == 0 ? "\"#bbbbbb\"" : "\"#666666\"").Append(";\n");
            Contents(text, child, inner);
            text.Append(indent).Append("}\n");
        }
    }

    private static string Style(GraphNode node)
    {
        var dashed = node.Auxiliary ? ",dashed" : string.Empty;
        return node.Kind switch
        {
            GraphNodeKind.Terminal => ", shape=ellipse, style=\"filled" + dashed + "\", fillcolor=\"#f5f5f5\", color=\"#666666\"",
            GraphNodeKind.Module => ", shape=box3d, style=\"filled" + dashed + "\", fillcolor=\"#e1d5e7\", color=\"#9673a6\"",
            GraphNodeKind.Concat => ", shape=invtrapezium, style=\"filled" + dashed + "\", fillcolor=\"#fff2cc\", color=\"#d6b656\"",
            _ => node.Auxiliary ? ", style=\"rounded,filled,dashed\"" : string.Empty,
        };
    }

    // DOT strings escape only the quote and the backslash; "\n" in the text is DOT's centred line break.
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}
