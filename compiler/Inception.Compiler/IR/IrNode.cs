using Inception.Compiler.Diagnostics;
using Inception.Compiler.Text;

namespace Inception.Compiler.IR;

public enum IrKind
{
    /// <summary>One operation: conv (with its batch norm and ReLU), pool, linear, dropout...</summary>
    Layer,

    /// <summary>A named container: a block instance, a named sequence or an auxiliary head.</summary>
    Module,

    /// <summary>Branches on one input, concatenated along channels; not a module, so it adds no name.</summary>
    Concat,

    /// <summary>An unnamed run of layers inside a branch; not a module either.</summary>
    Sequence,
}

/// <summary>
/// One node of a network's IR. Every node knows its input and output shape; <see cref="Parameters"/> and
/// <see cref="Macs"/> of a container are the sums over its children.
/// </summary>
/// <param name="Path">The state_dict prefix, e.g. <c>inception4a.branch2.0</c>; empty for the network itself.</param>
/// <param name="Op">The operation (<c>conv</c>, <c>maxpool</c>...) or, for a block instance, the block's name.</param>
/// <param name="Detail">The layer's settings in the language's own words, e.g. <c>64 7x7 stride=2 pad=3 bn relu</c>.</param>
/// <param name="Auxiliary">True inside an auxiliary head, which inference does not run.</param>
public sealed record IrNode(
    string Path,
    string Name,
    IrKind Kind,
    string Op,
    string Detail,
    Shape Input,
    Shape Output,
    long Parameters,
    long Macs,
    bool Auxiliary,
    SourceLocation Location,
    EquatableArray<IrNode> Children)
{
    /// <summary>How many modules deep the node sits (0 for the network).</summary>
    public int Depth => Path.Length == 0 ? 0 : Path.Split('.').Length;
}
