using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.IR;

namespace Inception.Compiler.Analysis.Diff;

/// <summary>
/// Aligns two networks module by module. Within a module, children pair up by name first; the rest pair by
/// position and kind (a longest common subsequence over their ops), so two files that name their blocks
/// differently (Inception-v2's inception_35a against v3's Mixed_5b) still line up block against block.
/// </summary>
public static class ArchitectureDiff
{
    public static NetworkDiff Compare(NetworkIr left, NetworkIr right)
    {
        var rows = new List<DiffRow>();
        AlignChildren(left.Root, right.Root, depth: 1, rows);
        return new NetworkDiff(left, right, rows);
    }

    /// <summary>Adds the rows of the aligned children; returns whether all of them are the same.</summary>
    private static bool AlignChildren(IrNode left, IrNode right, int depth, List<DiffRow> rows)
    {
        var same = true;
        foreach (var (l, r) in Align(Items(left), Items(right)))
        {
            same &= Add(l, r, depth, rows);
        }

        return same;
    }

    private static bool Add(IrNode? left, IrNode? right, int depth, List<DiffRow> rows)
    {
        if (left is null || right is null)
        {
            AddOneSided(left, right, depth, rows);
            return false;
        }

        if (left.Kind == IrKind.Module && right.Kind == IrKind.Module)
        {
            var index = rows.Count;
            rows.Add(null!);
            var childrenSame = AlignChildren(left, right, depth + 1, rows);
            var same = childrenSame && left.Op.Keyword == right.Op.Keyword && left.Detail == right.Detail && left.Output == right.Output && left.Name == right.Name;
            rows[index] = new DiffRow(same ? DiffStatus.Same : DiffStatus.Changed, left, right, depth);
            return same;
        }

        var identical = left.Kind == right.Kind && left.Op.Keyword == right.Op.Keyword && left.Detail == right.Detail
            && left.Input == right.Input && left.Output == right.Output && left.Parameters == right.Parameters && left.Name == right.Name;
        rows.Add(new DiffRow(identical ? DiffStatus.Same : DiffStatus.Changed, left, right, depth));
        if (!identical && left.Kind != right.Kind)
        {
            // A layer against a module: show the module's contents as one-sided rows below it.
            AddContents(left, depth, DiffStatus.Removed, rows);
            AddContents(right, depth, DiffStatus.Added, rows);
        }

        return identical;
    }

    private static void AddOneSided(IrNode? left, IrNode? right, int depth, List<DiffRow> rows)
    {
        var status = left is null ? DiffStatus.Added : DiffStatus.Removed;
        var node = (left ?? right)!;
        rows.Add(new DiffRow(status, left, right, depth));
        AddContents(node, depth, status, rows);
    }

    private static void AddContents(IrNode node, int depth, DiffStatus status, List<DiffRow> rows)
    {
        if (node.Kind != IrKind.Module)
        {
            return;
        }

        foreach (var child in Items(node))
        {
            AddOneSided(status == DiffStatus.Removed ? child : null, status == DiffStatus.Added ? child : null, depth + 1, rows);
        }
    }

    /// <summary>A module's layers and sub-modules; concats and anonymous branches add no level of their own.</summary>
    private static List<IrNode> Items(IrNode module)
    {
        var items = new List<IrNode>();
        void Collect(IrNode node)
        {
            foreach (var child in node.Children)
            {
                if (child.Kind is IrKind.Concat or IrKind.Residual or IrKind.Sequence)
                {
                    Collect(child);
                }
                else
                {
                    items.Add(child);
                }
            }
        }

        Collect(module);
        return items;
    }

    /// <summary>Pairs two ordered lists: by name, then by kind and op in order; unpaired items stand alone.</summary>
    private static List<(IrNode? Left, IrNode? Right)> Align(List<IrNode> left, List<IrNode> right)
    {
        var pairOfLeft = new int[left.Count];
        var pairOfRight = new int[right.Count];
        for (var i = 0; i < pairOfLeft.Length; i++)
        {
            pairOfLeft[i] = -1;
        }

        for (var j = 0; j < pairOfRight.Length; j++)
        {
            pairOfRight[j] = -1;
        }

        var rightByName = new Dictionary<string, int>();
        for (var j = 0; j < right.Count; j++)
        {
            rightByName[right[j].Name] = j;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (rightByName.TryGetValue(left[i].Name, out var j) && pairOfRight[j] < 0 && Compatible(left[i], right[j]))
            {
                pairOfLeft[i] = j;
                pairOfRight[j] = i;
            }
        }

        PairByPosition(left, right, pairOfLeft, pairOfRight);
        PairSubstitutions(left, right, pairOfLeft, pairOfRight);
        return Merge(left, right, pairOfLeft, pairOfRight);
    }

    private static bool Compatible(IrNode left, IrNode right) => (left.Kind == IrKind.Module) == (right.Kind == IrKind.Module) || left.Name == right.Name;

    /// <summary>Modules pair up on the grid they produce, so stages line up (35x35 modules with 35x35 modules).</summary>
    private static string Key(IrNode node) => node.Kind == IrKind.Module ? $"module@{node.Output.Height}x{node.Output.Width}" : node.Op.Keyword;

    /// <summary>The longest common subsequence of the unpaired items' kinds, between consecutive name-paired anchors.</summary>
    private static void PairByPosition(List<IrNode> left, List<IrNode> right, int[] pairOfLeft, int[] pairOfRight)
    {
        var freeLeft = Enumerable.Range(0, left.Count).Where(i => pairOfLeft[i] < 0).ToList();
        var freeRight = Enumerable.Range(0, right.Count).Where(j => pairOfRight[j] < 0).ToList();
        var lengths = new int[freeLeft.Count + 1, freeRight.Count + 1];
        for (var a = freeLeft.Count - 1; a >= 0; a--)
        {
            for (var b = freeRight.Count - 1; b >= 0; b--)
            {
                lengths[a, b] = Key(left[freeLeft[a]]) == Key(right[freeRight[b]])
                    ? lengths[a + 1, b + 1] + 1
                    : System.Math.Max(lengths[a + 1, b], lengths[a, b + 1]);
            }
        }

        for (int a = 0, b = 0; a < freeLeft.Count && b < freeRight.Count;)
        {
            if (Key(left[freeLeft[a]]) == Key(right[freeRight[b]]))
            {
                pairOfLeft[freeLeft[a]] = freeRight[b];
                pairOfRight[freeRight[b]] = freeLeft[a];
                a++;
                b++;
            }
            else if (lengths[a + 1, b] >= lengths[a, b + 1])
            {
                a++;
            }
            else
            {
                b++;
            }
        }
    }

    /// <summary>
    /// Between two consecutive paired items, leftovers on both sides replaced one another (a 5x5 average pool
    /// where the other file pools adaptively): pair them in order, layer with layer and module with module.
    /// </summary>
    private static void PairSubstitutions(List<IrNode> left, List<IrNode> right, int[] pairOfLeft, int[] pairOfRight)
    {
        var j = 0;
        for (var i = 0; i < left.Count; i++)
        {
            if (pairOfLeft[i] >= 0)
            {
                j = System.Math.Max(j, pairOfLeft[i] + 1);
                continue;
            }

            while (j < right.Count && pairOfRight[j] < 0 && (left[i].Kind == IrKind.Module) != (right[j].Kind == IrKind.Module))
            {
                j++;
            }

            if (j < right.Count && pairOfRight[j] < 0 && j < NextAnchor(pairOfLeft, i, right.Count))
            {
                pairOfLeft[i] = j;
                pairOfRight[j] = i;
                j++;
            }
        }
    }

    /// <summary>The right index paired with the next paired left item: a substitution must not cross it.</summary>
    private static int NextAnchor(int[] pairOfLeft, int i, int end)
    {
        for (var k = i + 1; k < pairOfLeft.Length; k++)
        {
            if (pairOfLeft[k] >= 0)
            {
                return pairOfLeft[k];
            }
        }

        return end;
    }

    /// <summary>Left order, with each right-only item placed after the item paired with its predecessor on the right.</summary>
    private static List<(IrNode?, IrNode?)> Merge(List<IrNode> left, List<IrNode> right, int[] pairOfLeft, int[] pairOfRight)
    {
        var after = new Dictionary<int, List<int>>();
        var anchor = -1;
        for (var j = 0; j < right.Count; j++)
        {
            if (pairOfRight[j] >= 0)
            {
                anchor = pairOfRight[j];
                continue;
            }

            if (!after.TryGetValue(anchor, out var list))
            {
                after[anchor] = list = new List<int>();
            }

            list.Add(j);
        }

        var merged = new List<(IrNode?, IrNode?)>();
        void AddRightOnly(int key)
        {
            if (after.TryGetValue(key, out var list))
            {
                merged.AddRange(list.Select(j => ((IrNode?)null, (IrNode?)right[j])));
            }
        }

        AddRightOnly(-1);
        for (var i = 0; i < left.Count; i++)
        {
            merged.Add((left[i], pairOfLeft[i] >= 0 ? right[pairOfLeft[i]] : null));
            AddRightOnly(i);
        }

        return merged;
    }
}
