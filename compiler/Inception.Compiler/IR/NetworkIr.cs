using System.Collections.Generic;
using Inception.Compiler.Collections;

namespace Inception.Compiler.IR;

/// <summary>An auxiliary classifier and the weight of its loss in training.</summary>
public sealed record AuxHeadIr(string Path, double LossWeight, long Parameters, long Macs);

/// <summary>
/// A checked network. Conventions: <see cref="Parameters"/> counts every trainable parameter, auxiliary heads
/// included; <see cref="Macs"/> counts conv and linear multiply-accumulates of the inference path (auxiliary
/// heads excluded); FLOPs are 2 x MACs.
/// </summary>
public sealed record NetworkIr(
    string Name,
    string SourcePath,
    Shape Input,
    int Classes,
    IrNode Root,
    EquatableArray<AuxHeadIr> AuxHeads,
    long Parameters,
    long AuxParameters,
    long Macs,
    long AuxMacs)
{
    public long Flops => 2 * Macs;

    /// <summary>
    /// A count's share of the inference path's MACs, or null where it has none (no MACs at all). Stats, the view
    /// and the editor's hover all show this one fraction, each in its own format; an auxiliary head's nodes are
    /// outside the path, which the callers say in words.
    /// </summary>
    public double? ShareOf(long macs) => Macs <= 0 ? null : (double)macs / Macs;

    /// <summary>Every node in source order, depth first.</summary>
    public IEnumerable<IrNode> Nodes() => Walk(Root);

    /// <summary>The leaves: the layers whose counts add up to the totals.</summary>
    public IEnumerable<IrNode> Layers()
    {
        foreach (var node in Nodes())
        {
            if (node.Kind == IrKind.Layer)
            {
                yield return node;
            }
        }
    }

    private static IEnumerable<IrNode> Walk(IrNode node)
    {
        yield return node;
        foreach (var child in node.Children)
        {
            foreach (var descendant in Walk(child))
            {
                yield return descendant;
            }
        }
    }
}
