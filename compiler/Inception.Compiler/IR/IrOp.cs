using System.Globalization;
using System.Linq;
using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;

namespace Inception.Compiler.IR;

/// <summary>What an IR node is. Leaves are <see cref="Ops.LayerOp"/>s, defined in Ops/; the containers are here.</summary>
public abstract record IrOp
{
    public abstract IrKind Kind { get; }

    /// <summary>The language's word for it (<c>conv</c>, <c>concat</c>) or, for a block instance, the block's name.</summary>
    public abstract string Keyword { get; }

    /// <summary>The settings in the language's own words, e.g. <c>64 7x7 stride=2 pad=3 bn eps=0.001 relu</c>.</summary>
    public abstract string Detail(Shape input, Shape output);
}

public enum IrKind
{
    /// <summary>One operation: conv (with its batch norm and ReLU), pool, linear, dropout...</summary>
    Layer,

    /// <summary>A named container: a block instance, a named sequence, an auxiliary head or the network.</summary>
    Module,

    /// <summary>Branches on one input, concatenated along channels; not a module, so it adds no name.</summary>
    Concat,

    /// <summary>A body and a shortcut on one input, added; not a module, so it adds no name.</summary>
    Residual,

    /// <summary>An unnamed run of layers inside a branch; not a module either.</summary>
    Sequence,
}

/// <summary>The whole network.</summary>
public sealed record NetworkOp : IrOp
{
    public override IrKind Kind => IrKind.Module;

    public override string Keyword => "network";

    public override string Detail(Shape input, Shape output) => string.Empty;
}

/// <summary>A run of layers; a named one is a module (torch's Sequential), an unnamed one lives in its parent.</summary>
public sealed record SequenceOp(bool IsModule) : IrOp
{
    public override IrKind Kind => IsModule ? IrKind.Module : IrKind.Sequence;

    public override string Keyword => "sequence";

    public override string Detail(Shape input, Shape output) => string.Empty;
}

/// <summary>Branches on one input concatenated along channels; a grid reduction also checks that they halve the grid.</summary>
public sealed record ConcatOp(bool IsGridReduction) : IrOp
{
    public override IrKind Kind => IrKind.Concat;

    public override string Keyword => IsGridReduction ? "reduce_grid" : "concat";

    public override string Detail(Shape input, Shape output) => string.Empty;
}

/// <summary>
/// An instance of a block. <paramref name="Values"/> are the arguments' values in this instance;
/// <paramref name="OptionParameters"/> the parameters that options name (fixed per class);
/// <paramref name="WidthArguments"/> what the call passes to the other parameters, in order, in the caller's
/// terms (its own parameters, or constants); <paramref name="Declaration"/> where the block is defined.
/// </summary>
public sealed record BlockOp(
    string BlockName,
    EquatableArray<string> Parameters,
    EquatableArray<BlockValue> Values,
    EquatableArray<string> OptionParameters,
    EquatableArray<ChannelExpression> WidthArguments,
    SourceLocation Declaration) : IrOp
{
    /// <summary>The parameters that stay constructor arguments: those no option names.</summary>
    public System.Collections.Generic.IEnumerable<string> WidthParameters => Parameters.Where(p => !OptionParameters.Contains(p));

    public override IrKind Kind => IrKind.Module;

    public override string Keyword => BlockName;

    public override string Detail(Shape input, Shape output) =>
        string.Join(", ", Parameters.Select((p, i) => p + "=" + Values[i]));
}

/// <summary>
/// <c>out = relu?(shortcut(x) + scale * body(x))</c>: the node's children are the body and the shortcut (an
/// empty sequence for the identity). The add and the scale cost no MACs.
/// </summary>
public sealed record ResidualOp(double Scale, bool Relu) : IrOp
{
    public override IrKind Kind => IrKind.Residual;

    public override string Keyword => "residual";

    public override string Detail(Shape input, Shape output) =>
        (Scale == 1 ? string.Empty : "scale=" + Scale.ToString(CultureInfo.InvariantCulture) + " ") + (Relu ? "relu" : string.Empty);
}

/// <summary>An auxiliary classifier: the node is its body (a block instance or a named sequence) used as a head.</summary>
public sealed record AuxHeadOp(double LossWeight, IrOp Body) : IrOp
{
    public override IrKind Kind => IrKind.Module;

    public override string Keyword => "aux_head";

    public override string Detail(Shape input, Shape output)
    {
        var weight = "weight=" + LossWeight.ToString(CultureInfo.InvariantCulture);
        return Body is BlockOp block ? $"{weight} {block.BlockName}({block.Detail(input, output)})" : weight;
    }
}
