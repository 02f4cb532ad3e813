using System.Collections.Generic;

namespace Inception.Compiler.Emit.Graph;

/// <summary>
/// A box around the nodes of a block instance, a named sequence, an auxiliary head or a concat branch.
/// The root cluster stands for the whole picture and is not drawn as a box.
/// </summary>
/// <param name="Label">E.g. <c>Mixed_5b: inception_a(pool_features=32)</c>; empty for an anonymous branch.</param>
public sealed record GraphCluster(string Id, string Label, bool Auxiliary) : GraphElement(Id)
{
    /// <summary>The nodes and clusters inside, in source order.</summary>
    public List<GraphElement> Items { get; } = new();
}
