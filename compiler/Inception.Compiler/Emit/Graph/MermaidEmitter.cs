using System.Text;

namespace Inception.Compiler.Emit.Graph;

/// <summary>
/// Writes a <see cref="GraphModel"/> as a Mermaid flowchart, which GitHub renders in Markdown: nodes inside
/// their subgraphs first, then every edge, so each node is placed by its definition.
/// </summary>
public static class MermaidEmitter
{
    public static string Emit(GraphModel graph, GraphDirection direction)
    {
        var text = new StringBuilder();
        text.Append("flowchart ").Append(direction == GraphDirection.LeftToRight ? "LR" : "TB").Append('\n');
        text.Append("  classDef layer fill:#dae8fc,stroke:#6c8ebf\n");
        text.Append("  classDef module fill:#e1d5e7,stroke:#9673a6\n");
        text.Append("  classDef concat fill:#fff2cc,stroke:#d6b656\n");
        text.Append("  classDef terminal fill:#f5f5f5,stroke:#666666\n");
        text.Append("  classDef aux fill:#f5f5f5,stroke:#999999,stroke-dasharray:4 3\n");
        Contents(text, graph.Root, "  ");
        foreach (var edge in graph.Edges)
        {
            text.Append("  ").Append(edge.From).Append(edge.Auxiliary ? " -.->|" : " -->|").Append(Quote(edge.Label)).Append("| ").Append(edge.To).Append('\n');
        }

        return text.ToString();
    }

    private static void Contents(StringBuilder text, GraphCluster cluster, string indent)
    {
        foreach (var item in cluster.Items)
        {
            if (item is GraphNode node)
            {
                var (open, close, style) = node.Kind switch
                {
                    GraphNodeKind.Terminal => ("([", "])", "terminal"),
                    GraphNodeKind.Module => ("[[", "]]", "module"),
                    GraphNodeKind.Concat => ("{{", "}}", "concat"),
                    _ => ("[", "]", "layer"),
                };
                text.Append(indent).Append(node.Id).Append(open).Append(Quote(string.Join("\n", node.Lines))).Append(close)
                    .Append(":::").Append(node.Auxiliary ? "aux" : style).Append('\n');
                continue;
            }

            // A subgraph needs a title; a blank one keeps an anonymous branch's box unlabelled.
            var child = (GraphCluster)item;
            text.Append(indent).Append("subgraph ").Append(child.Id).Append(" [").Append(Quote(child.Label.Length == 0 ? " " : child.Label)).Append("]\n");
            Contents(text, child, indent + "  ");
            text.Append(indent).Append("end\n");
        }
    }

    // Inside a quoted label Mermaid reads entity codes (#quot;, #35;) and HTML, so those characters are encoded.
    private static string Quote(string text) =>
        "\"" + text.Replace("#", "#35;").Replace("\"", "#quot;").Replace("<", "#lt;").Replace(">", "#gt;").Replace("\n", "<br/>") + "\"";
}
