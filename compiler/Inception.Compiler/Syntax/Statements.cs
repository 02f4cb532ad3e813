using Inception.Compiler.Collections;

namespace Inception.Compiler.Syntax;

public abstract record StatementSyntax(Position Position);

/// <summary>
/// <c>[name =] op arg... [{ body }]</c>: a layer (<c>conv 64 7x7 stride=2</c>), a structural operation
/// (<c>concat { ... }</c>, <c>aux_head weight=0.3 { ... }</c>, <c>reduce_grid { ... }</c>) or a header line.
/// </summary>
public sealed record OperationStatement(
    EquatableArray<Identifier> Names,
    Identifier Operation,
    EquatableArray<ArgumentSyntax> Arguments,
    EquatableArray<StatementSyntax>? Body,
    Position Position) : StatementSyntax(Position);

/// <summary><c>[name =] block(args)</c>: an instance of a block definition.</summary>
public sealed record CallStatement(
    Identifier? Name,
    Identifier Callee,
    EquatableArray<ArgumentSyntax> Arguments,
    Position Position) : StatementSyntax(Position);

/// <summary>
/// <c>name { ... }</c> is a named sequence (a module whose unnamed children are numbered 0, 1, ... like
/// torch's Sequential); <c>{ ... }</c> is an anonymous sequence whose layers belong to the enclosing scope.
/// </summary>
public sealed record SequenceStatement(Identifier? Name, EquatableArray<StatementSyntax> Body, Position Position)
    : StatementSyntax(Position);

/// <summary><c>a, b = factorize 7 -> 1x7, 7x1 to c7, 192</c>: an n x n convolution written as a chain of smaller ones.</summary>
public sealed record FactorizeStatement(
    EquatableArray<Identifier> Names,
    ExpressionSyntax Size,
    EquatableArray<DimensionsArgument> Kernels,
    EquatableArray<ExpressionSyntax> Channels,
    EquatableArray<ArgumentSyntax> Options,
    Position Position) : StatementSyntax(Position);

/// <summary>A statement the parser could not read; kept so later statements are still checked.</summary>
public sealed record ErrorStatement(string Message, Position Position) : StatementSyntax(Position);

public readonly record struct Identifier(string Text, Position Position)
{
    public override string ToString() => Text;
}
