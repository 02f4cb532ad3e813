using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Analysis.Diff;
using Inception.Compiler.Collections;
using Inception.Compiler.IR;

namespace Inception.Compiler.View;

/// <summary>
/// Merges two networks into one picture from the rows <see cref="ArchitectureDiff"/> aligned, the same rows
/// <c>incept diff</c> prints, so the picture's counts of added, removed and changed layers are the text's by
/// construction. Each row becomes a node of the union, with its status, what changed and the deltas.
/// </summary>
public static class ViewDiffBuilder
{
    /// <param name="left">The left side's texts: where a removed node's text ends.</param>
    /// <param name="right">The right side's texts, for every other node (the two may be versions of one path).</param>
    public static ArchitectureDiffView Build(NetworkDiff diff, SourceSpans left, SourceSpans right)
    {
        var ids = new HashSet<string>(System.StringComparer.Ordinal);
        var position = 0;
        var sides = new Sides(left, right, diff.Right, ids);
        var children = Children(diff.Rows, ref position, depth: 1, sides);
        var root = ViewBuilder.Leaf(diff.Right.Root, string.Empty, diff.Right.Name, "network", diff.Right, right) with
        {
            Children = children.ToEquatableArray(),
            Edges = ViewBuilder.Edges(string.Empty, diff.Right.Root, children, "chain").ToEquatableArray(),
            Change = new ViewChange(
                diff.AreEqual ? "same" : "changed",
                EquatableArray<string>.Empty,
                diff.Right.Parameters - diff.Left.Parameters,
                diff.Right.Macs - diff.Left.Macs,
                diff.Left.Root.Output == diff.Right.Root.Output ? null : diff.Left.Root.Output.ToString(),
                diff.Left.Name == diff.Right.Name ? null : diff.Left.Name),
        };
        return new ArchitectureDiffView(ViewBuilder.Totals(diff.Left), ViewBuilder.Totals(diff.Right), root);
    }

    /// <summary>The rows at <paramref name="depth"/> from <paramref name="position"/> on, each with the deeper rows that follow it as children.</summary>
    private static List<ViewNode> Children(IReadOnlyList<DiffRow> rows, ref int position, int depth, Sides sides)
    {
        var nodes = new List<ViewNode>();
        while (position < rows.Count && rows[position].Depth == depth)
        {
            var row = rows[position++];
            var children = Children(rows, ref position, depth + 1, sides);
            var node = (row.Right ?? row.Left)!;
            var id = Unique(node.Path, row.Status, sides.Ids);
            var spans = row.Right is null ? sides.Left : sides.Right;
            nodes.Add(ViewBuilder.Leaf(node, id, node.Name, ViewBuilder.KindOf(node, parent: null), sides.Network, spans) with
            {
                Children = children.ToEquatableArray(),
                Edges = ViewBuilder.Edges(id, node, children, "chain").ToEquatableArray(),
                Change = Change(row),
            });
        }

        return nodes;
    }

    private static ViewChange Change(DiffRow row)
    {
        var (left, right) = (row.Left, row.Right);
        var status = row.Status.ToString().ToLowerInvariant();
        if (left is null || right is null)
        {
            return new ViewChange(status, EquatableArray<string>.Empty, row.ParameterDelta, row.MacDelta, null, null);
        }

        var changes = new List<string>();
        void Add(bool differs, string what)
        {
            if (differs)
            {
                changes.Add(what);
            }
        }

        Add(left.Name != right.Name, "name");
        Add(left.Op.Keyword != right.Op.Keyword, "op");
        Add(left.Detail != right.Detail, "options");
        Add(left.Input != right.Input || left.Output != right.Output, "shape");
        Add(left.Parameters != right.Parameters, "parameters");
        Add(left.Macs != right.Macs, "macs");
        Add(row.Status == DiffStatus.Changed && changes.Count == 0, "contents");
        return new ViewChange(
            status,
            changes.ToEquatableArray(),
            row.ParameterDelta,
            row.MacDelta,
            left.Output == right.Output ? null : left.Output.ToString(),
            left.Name == right.Name ? null : left.Name);
    }

    /// <summary>What every row of one diff shares: both sides' texts, the network shares are taken of, the ids drawn so far.</summary>
    private sealed record Sides(SourceSpans Left, SourceSpans Right, NetworkIr Network, HashSet<string> Ids);

    /// <summary>A removed and an added node may share a path; the second one drawn gets the status as a suffix.</summary>
    private static string Unique(string path, DiffStatus status, HashSet<string> ids)
    {
        var id = ids.Add(path) ? path : path + "~" + status.ToString().ToLowerInvariant();
        ids.Add(id);
        return id;
    }
}
