using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;
using Inception.Compiler.Text;

namespace Inception.Compiler.Semantics;

/// <summary>
/// The bound tree: names resolved, defaults applied, sugar expanded, every module named, every leaf a typed
/// op; widths stay symbolic over block parameters so that one block definition becomes one generated class.
/// </summary>
public abstract record BoundNode(string Name, SourceLocation Location);

/// <summary>One leaf layer with its typed, fully resolved settings.</summary>
public sealed record BoundLayer(string Name, LayerOp Op, SourceLocation Location) : BoundNode(Name, Location);

/// <summary>A sequence of layers. With a name it is a module (torch's Sequential); without, its layers live in the enclosing module.</summary>
public sealed record BoundSequence(string Name, bool IsModule, EquatableArray<BoundNode> Items, SourceLocation Location)
    : BoundNode(Name, Location);

/// <summary>Branches run on the same input and are concatenated along channels.</summary>
public sealed record BoundConcat(EquatableArray<BoundNode> Branches, bool IsGridReduction, SourceLocation Location)
    : BoundNode(string.Empty, Location);

/// <summary>An instance of a block; arguments are ordered as the block's parameters, defaults filled in.</summary>
public sealed record BoundBlockCall(string Name, string BlockName, EquatableArray<Width> Arguments, SourceLocation Location)
    : BoundNode(Name, Location);

/// <summary>An auxiliary classifier fed from this point; the main path continues with the same tensor.</summary>
public sealed record BoundAuxHead(string Name, double LossWeight, BoundNode Body, SourceLocation Location)
    : BoundNode(Name, Location);

public sealed record BoundExpect(Shape Expected, SourceLocation Location) : BoundNode(string.Empty, Location);

public sealed record BoundBlock(string Name, EquatableArray<string> Parameters, BoundSequence Body, SourceLocation Location);

public sealed record BoundNetwork(string Name, Shape Input, int Classes, BoundSequence Body, SourceLocation Location);

public sealed record BoundProgram(EquatableArray<BoundBlock> Blocks, EquatableArray<BoundNetwork> Networks);
