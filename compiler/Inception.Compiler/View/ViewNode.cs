using Inception.Compiler.Collections;

namespace Inception.Compiler.View;

/// <summary>
/// Where a drawn node is written: the file, the position of its first character and the position just past its
/// last (1-based; the end is exclusive, as an editor's selection ends).
/// </summary>
public sealed record ViewSource(string File, int Line, int Column, int EndLine, int EndColumn);

/// <summary>
/// A tensor flowing between two children of one container. <see cref="From"/> and <see cref="To"/> are child ids, or
/// the container's own ports, <c>{id}#in</c> (where its input arrives) and <c>{id}#out</c> (where its output leaves).
/// </summary>
public sealed record ViewEdge(string From, string To, string Shape, bool Auxiliary);

/// <summary>How a drawn node differs in a diff: its status, which of its facts changed, and by how much.</summary>
/// <param name="Status"><c>same</c>, <c>changed</c>, <c>added</c> or <c>removed</c>.</param>
/// <param name="Changes">Which facts differ: <c>name</c>, <c>op</c>, <c>options</c>, <c>shape</c>, <c>parameters</c>, <c>macs</c>, <c>contents</c>.</param>
/// <param name="PreviousOutput">The left side's output shape where it differs from <see cref="ViewNode.Output"/>.</param>
/// <param name="PreviousName">The left side's name where the two were paired by structure (a rename).</param>
public sealed record ViewChange(string Status, EquatableArray<string> Changes, long ParameterDelta, long MacDelta, string? PreviousOutput, string? PreviousName);

/// <summary>
/// One thing a picture of a network draws: a layer, or a container (the network, a block call, a named
/// sequence, an auxiliary head, a concat or grid reduction and its branches, a residual, an unnamed run).
/// </summary>
/// <param name="Id">The state_dict path where the node has one; a container without a name gets its parent's id with <c>/concat0</c>, <c>/branch1</c>...</param>
/// <param name="Name">The name as the file gives or generates it.</param>
/// <param name="Kind"><c>network</c>, <c>layer</c>, <c>block</c>, <c>module</c>, <c>aux</c>, <c>concat</c>, <c>reduce_grid</c>, <c>branch</c>, <c>residual</c> or <c>sequence</c>.</param>
/// <param name="Op">The op as written: <c>conv</c>, <c>maxpool</c>, a block's name, <c>concat</c>...</param>
/// <param name="Call">A block call as written with this call's values (<c>inception_c(c7=128)</c>); null for anything else.</param>
/// <param name="Options">Every resolved setting in the language's words (<c>64 7x7 stride=2 pad=3 bn eps=0.001 relu</c>).</param>
/// <param name="Input">The input shape as <c>stats</c> writes it (<c>768x17x17</c>; a flat vector as <c>1000</c>).</param>
/// <param name="Output">The output shape, likewise.</param>
/// <param name="Share">The node's MACs over the network's (inference path, auxiliary heads excluded).</param>
/// <param name="Auxiliary">Inside an auxiliary head: run in training only.</param>
/// <param name="Layout"><c>chain</c> (children one after another) or <c>parallel</c> (children side by side between a split and a join).</param>
public sealed record ViewNode(
    string Id,
    string Name,
    string Kind,
    string Op,
    string? Call,
    string Options,
    string Input,
    string Output,
    long Parameters,
    long Macs,
    double Share,
    bool Auxiliary,
    ViewSource Source,
    string Layout,
    EquatableArray<ViewNode> Children,
    EquatableArray<ViewEdge> Edges)
{
    /// <summary>The output's element count per image: what an activation-size colouring shows.</summary>
    public long Activations { get; init; }

    /// <summary>In a diff: how this node differs; null in a plain view.</summary>
    public ViewChange? Change { get; init; }
}

/// <summary>A network's totals, as the picture's header shows them.</summary>
public sealed record ViewTotals(
    string Network,
    string Source,
    string Input,
    int Classes,
    long Parameters,
    long ParametersWithoutAux,
    long Macs,
    long AuxMacs);

/// <summary>
/// What a picture of one network shows: totals and the tree of drawn nodes with the edges between siblings.
/// <c>incept view</c> and the editor's picture read it; <see cref="Schema"/> versions its JSON.
/// </summary>
public sealed record ArchitectureView(ViewTotals Totals, ViewNode Root)
{
    /// <summary>The JSON schema version (docs/viewer.md); raised on any change a reader would notice.</summary>
    public const int Schema = 1;
}

/// <summary>Two networks merged into one picture: the union of their nodes, each with its <see cref="ViewNode.Change"/>.</summary>
public sealed record ArchitectureDiffView(ViewTotals Left, ViewTotals Right, ViewNode Root);
