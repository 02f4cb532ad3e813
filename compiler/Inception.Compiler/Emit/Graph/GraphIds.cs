using System;
using System.Collections.Generic;
using System.Text;

namespace Inception.Compiler.Emit.Graph;

/// <summary>
/// Hands out node and cluster ids that are unique and safe unquoted in both DOT and Mermaid: ASCII letters,
/// digits and underscores, never starting with a digit and never a keyword of either language.
/// </summary>
internal sealed class GraphIds
{
    // DOT keywords are case-insensitive; Mermaid's `end` closes a subgraph and the others start statements.
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "node", "edge", "graph", "digraph", "subgraph", "strict",
        "end", "flowchart", "direction", "style", "class", "classDef", "linkStyle", "click", "call", "href", "default",
    };

    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public string Next(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(c < 128 && char.IsLetterOrDigit(c) ? c : '_');
        }

        var id = safe.ToString();
        if (id.Length == 0 || char.IsDigit(id[0]) || Keywords.Contains(id))
        {
            id = "n_" + id;
        }

        var candidate = id;
        for (var suffix = 2; !_used.Add(candidate); suffix++)
        {
            candidate = id + "_" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
