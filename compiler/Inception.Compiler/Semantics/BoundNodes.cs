using System.Collections.Generic;
using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;

namespace Inception.Compiler.Semantics;

/// <summary>
/// The bound tree: names resolved, defaults applied, sugar expanded, every module named, every leaf a typed
/// op; widths stay symbolic over block parameters so that one block definition becomes one generated class.
/// </summary>
public abstract record BoundNode(string Name, SourceLocation Location)
{
    /// <summary>Whether the binder made the name up (<c>conv_2</c>, <c>inception_a_1</c>, a sequence index) because the file gives none.</summary>
    public bool NameGenerated { get; init; }
}

/// <summary>One leaf layer with its typed, fully resolved settings.</summary>
public sealed record BoundLayer(string Name, LayerOp Op, SourceLocation Location) : BoundNode(Name, Location);

/// <summary>A sequence of layers. With a name it is a module (torch's Sequential); without, its layers live in the enclosing module.</summary>
public sealed record BoundSequence(string Name, bool IsModule, EquatableArray<BoundNode> Items, SourceLocation Location)
    : BoundNode(Name, Location);

/// <summary>Branches run on the same input and are concatenated along channels.</summary>
public sealed record BoundConcat(EquatableArray<BoundNode> Branches, bool IsGridReduction, SourceLocation Location)
    : BoundNode(string.Empty, Location);

/// <summary>An instance of a block; arguments are ordered as the block's parameters, defaults filled in.</summary>
public sealed record BoundBlockCall(string Name, string BlockName, EquatableArray<BoundArgument> Arguments, SourceLocation Location)
    : BoundNode(Name, Location);

/// <summary>
/// A block argument: a width (integer arithmetic over the caller's parameters, or one parameter passed on,
/// whatever its type) or a literal that is not a whole number (<c>0.17</c>, <c>true</c>, <c>max</c>).
/// </summary>
public sealed record BoundArgument(ChannelExpression? Channels, BlockValue? Literal)
{
    public override string ToString() => Literal?.ToString() ?? Channels!.ToString();
}

/// <summary>
/// A layer whose options name block parameters (<c>stride=s</c>): a template whose holes each instance fills
/// with its arguments. Everything that does not depend on them was checked when it was bound; the op's own
/// checks of the filled values (a stride below one) are the instance's, reported by the IR builder.
/// </summary>
public sealed record BoundDeferredLayer(string Name, OpDefinition Definition, BoundArguments Arguments, SourceLocation Location)
    : BoundNode(Name, Location)
{
    /// <summary>The layer of one instance: the holes filled, then bound by its op's definition.</summary>
    public LayerOp? Instantiate(IReadOnlyDictionary<string, BlockValue> arguments, DiagnosticBag diagnostics) =>
        Definition.Bind(OpArguments.Of(Definition.Keyword, Definition.Options, Arguments.Fill(arguments), Location, diagnostics));
}

/// <summary>
/// <c>residual</c>: <c>out = act(shortcut(x) + scale * body(x))</c>; the shortcut is the identity when empty.
/// The scale and the activation may name block parameters, so they are read per instance.
/// </summary>
public sealed record BoundResidual(
    BoundSequence Body,
    BoundSequence Shortcut,
    BoundOption Scale,
    BoundOption Relu,
    SourceLocation Location) : BoundNode(string.Empty, Location);

/// <summary>An option's value: a literal, or the name of a block parameter to read in each instance.</summary>
public sealed record BoundOption(BlockValue? Literal, string? Parameter, SourceLocation Location)
{
    /// <summary>The value in one instance: the literal, or the argument of the parameter it names.</summary>
    public BlockValue? In(IReadOnlyDictionary<string, BlockValue> arguments) =>
        Literal ?? (Parameter is { } name && arguments.TryGetValue(name, out var value) ? value : null);
}

/// <summary>An auxiliary classifier fed from this point; the main path continues with the same tensor.</summary>
public sealed record BoundAuxHead(string Name, double LossWeight, BoundNode Body, SourceLocation Location)
    : BoundNode(Name, Location);

public sealed record BoundExpect(Shape Expected, SourceLocation Location) : BoundNode(string.Empty, Location);

/// <param name="OptionParameters">The parameters that some option names (<c>stride=s</c>): each distinct set of their values is a class of its own.</param>
public sealed record BoundBlock(string Name, EquatableArray<string> Parameters, EquatableArray<string> OptionParameters, BoundSequence Body, SourceLocation Location);

public sealed record BoundNetwork(string Name, Shape Input, int Classes, BoundSequence Body, SourceLocation Location);

public sealed record BoundProgram(EquatableArray<BoundBlock> Blocks, EquatableArray<BoundNetwork> Networks);
