using System.Collections.Generic;

namespace Inception.Compiler.Emit.Graph;

public enum GraphNodeKind
{
    /// <summary>Where a tensor enters or leaves: the network input, its output, an auxiliary head's output.</summary>
    Terminal,

    /// <summary>One layer of the IR.</summary>
    Layer,

    /// <summary>A module folded into one node because it lies at the depth cut.</summary>
    Module,

    /// <summary>The channel concatenation that joins the branches of a concat.</summary>
    Concat,
}

/// <summary>A node of a drawn graph. <paramref name="Lines"/> are the label's lines, first the name.</summary>
/// <param name="Id">Unique in the graph and a plain identifier, so every output format can use it unquoted.</param>
/// <param name="Auxiliary">True on an auxiliary head's path, which inference does not run.</param>
public sealed record GraphNode(string Id, GraphNodeKind Kind, IReadOnlyList<string> Lines, bool Auxiliary) : GraphElement(Id);
