using Inception.Compiler.Collections;

namespace Inception.Compiler.Syntax;

public abstract record DeclarationSyntax(Position Position);

/// <summary><c>defaults { conv bias=false bn=true eps=0.001 relu=true }</c>: option values every later layer of that op starts from.</summary>
public sealed record DefaultsDeclaration(EquatableArray<StatementSyntax> Body, Position Position) : DeclarationSyntax(Position);

public sealed record ParameterSyntax(Identifier Name, ExpressionSyntax? Default);

/// <summary><c>block name(p1, p2=3) { ... }</c>: a reusable, parameterized module.</summary>
public sealed record BlockDeclaration(
    Identifier Name,
    EquatableArray<ParameterSyntax> Parameters,
    EquatableArray<StatementSyntax> Body,
    Position Position) : DeclarationSyntax(Position);

/// <summary><c>network Name { input 3x224x224; classes 1000; ... }</c>.</summary>
public sealed record NetworkDeclaration(Identifier Name, EquatableArray<StatementSyntax> Body, Position Position)
    : DeclarationSyntax(Position);

/// <summary><c>import "blocks.incept"</c>: brings the blocks and defaults of another file into scope.</summary>
public sealed record ImportDeclaration(string RelativePath, Position Position) : DeclarationSyntax(Position);

/// <summary>A top-level item the parser could not read; <paramref name="Related"/> is a second place the error concerns (the '{' a missing '}' leaves open).</summary>
public sealed record ErrorDeclaration(string Message, Position Position, Position? Related = null) : DeclarationSyntax(Position);

public sealed record SyntaxFile(string Path, EquatableArray<DeclarationSyntax> Declarations);
