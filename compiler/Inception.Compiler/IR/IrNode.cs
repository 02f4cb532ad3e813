using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;

namespace Inception.Compiler.IR;

/// <summary>
/// One node of a network's IR. Every node knows its typed op, its input and output shape; <see cref="Parameters"/>
/// and <see cref="Macs"/> of a container are the sums over its children.
/// </summary>
/// <param name="Path">The state_dict prefix, e.g. <c>inception4a.branch2.0</c>; empty for the network itself.</param>
/// <param name="Auxiliary">True inside an auxiliary head, which inference does not run.</param>
public sealed record IrNode(
    string Path,
    string Name,
    IrOp Op,
    Shape Input,
    Shape Output,
    long Parameters,
    long Macs,
    bool Auxiliary,
    SourceLocation Location,
    EquatableArray<IrNode> Children)
{
    public IrKind Kind => Op.Kind;

    /// <summary>Whether the binder made the name up because the file gives none (see <see cref="Semantics.BoundNode.NameGenerated"/>).</summary>
    public bool NameGenerated { get; init; }

    /// <summary>The op's settings in the language's own words (see <see cref="IrOp.Detail"/>).</summary>
    public string Detail => Op.Detail(Input, Output);

    /// <summary>How many modules deep the node sits (0 for the network).</summary>
    public int Depth => Path.Length == 0 ? 0 : Path.Split('.').Length;
}
