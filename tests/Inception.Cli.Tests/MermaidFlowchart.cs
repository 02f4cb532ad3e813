using System.Text.RegularExpressions;

namespace Inception.Cli.Tests;

/// <summary>
/// A structural reading of the Mermaid flowchart subset that <c>incept graph --format mermaid</c> writes: it
/// fails on any line outside that subset, unbalanced subgraphs, a node defined twice or an edge to an
/// undefined node.
/// </summary>
internal sealed partial class MermaidFlowchart
{
    private MermaidFlowchart()
    {
    }

    public HashSet<string> Nodes { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Subgraphs { get; } = new(StringComparer.Ordinal);

    public List<(string From, string Label, string To)> Edges { get; } = new();

    public static MermaidFlowchart Parse(string text)
    {
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Matches(Header(), lines[0]);
        var chart = new MermaidFlowchart();
        var depth = 0;
        foreach (var line in lines.Skip(1).Select(l => l.Trim()))
        {
            if (line == "end")
            {
                depth--;
                Assert.True(depth >= 0, "'end' without a subgraph");
            }
            else if (Subgraph().Match(line) is { Success: true } subgraph)
            {
                depth++;
                Assert.True(chart.Subgraphs.Add(subgraph.Groups["id"].Value), $"subgraph {subgraph.Groups["id"].Value} defined twice");
            }
            else if (Node().Match(line) is { Success: true } node)
            {
                Assert.True(chart.Nodes.Add(node.Groups["id"].Value), $"node {node.Groups["id"].Value} defined twice");
            }
            else if (Edge().Match(line) is { Success: true } edge)
            {
                chart.Edges.Add((edge.Groups["from"].Value, edge.Groups["label"].Value, edge.Groups["to"].Value));
            }
            else
            {
                Assert.Matches(ClassDef(), line);
            }
        }

        Assert.Equal(0, depth);
        Assert.Empty(chart.Nodes.Intersect(chart.Subgraphs));
        Assert.All(chart.Edges, e => Assert.Contains(e.From, chart.Nodes));
        Assert.All(chart.Edges, e => Assert.Contains(e.To, chart.Nodes));
        return chart;
    }

    [GeneratedRegex(@"^flowchart (TB|LR)$")]
    private static partial Regex Header();

    [GeneratedRegex("""^subgraph (?<id>[A-Za-z_]\w*) \["[^"]+"\]$""")]
    private static partial Regex Subgraph();

    // Stadium, subroutine, hexagon and rectangle shapes, each with a quoted label and a class.
    [GeneratedRegex("""^(?<id>[A-Za-z_]\w*)(\(\["[^"]*"\]\)|\[\["[^"]*"\]\]|\{\{"[^"]*"\}\}|\["[^"]*"\]):::\w+$""")]
    private static partial Regex Node();

    [GeneratedRegex("""^(?<from>[A-Za-z_]\w*) (-->|-\.->)\|"(?<label>[^"]*)"\| (?<to>[A-Za-z_]\w*)$""")]
    private static partial Regex Edge();

    [GeneratedRegex(@"^classDef \w+ [\w#:,\- ]+$")]
    private static partial Regex ClassDef();
}
