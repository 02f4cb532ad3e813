using System.Collections.Generic;
using Inception.Compiler.IR;

namespace Inception.Compiler.Analysis;

/// <summary>Which IR nodes a stats report shows at a given depth.</summary>
public static class StatsRows
{
    /// <summary>
    /// The cut of the tree at <paramref name="depth"/>: every layer no deeper than it and every module that sits
    /// exactly at it (standing for its folded children). These rows partition the network, so they always sum
    /// to the totals.
    /// </summary>
    public static IEnumerable<IrNode> Frontier(NetworkIr network, int? depth) => Frontier(network.Root, depth);

    /// <summary>The frontier plus the modules above it, in source order, for a tree-shaped table.</summary>
    public static IEnumerable<IrNode> Tree(NetworkIr network, int? depth)
    {
        foreach (var child in network.Root.Children)
        {
            foreach (var node in Tree(child, depth))
            {
                yield return node;
            }
        }
    }

    private static IEnumerable<IrNode> Frontier(IrNode node, int? depth)
    {
        foreach (var child in node.Children)
        {
            if (child.Kind == IrKind.Layer || (child.Kind == IrKind.Module && depth is { } d && child.Depth >= d))
            {
                yield return child;
                continue;
            }

            foreach (var descendant in Frontier(child, depth))
            {
                yield return descendant;
            }
        }
    }

    private static IEnumerable<IrNode> Tree(IrNode node, int? depth)
    {
        var shown = node.Kind is IrKind.Layer or IrKind.Module;
        if (shown)
        {
            yield return node;
        }

        if (node.Kind == IrKind.Layer || (node.Kind == IrKind.Module && depth is { } d && node.Depth >= d))
        {
            yield break;
        }

        foreach (var child in node.Children)
        {
            foreach (var descendant in Tree(child, depth))
            {
                yield return descendant;
            }
        }
    }
}
