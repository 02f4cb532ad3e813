using Inception.Compiler.Collections;

namespace Inception.Compiler.Syntax;

/// <summary>One argument of a layer statement: a value, a dimension list (<c>3x3</c>) or an option (<c>stride=2</c>).</summary>
public abstract record ArgumentSyntax(Position Position);

public sealed record ValueArgument(ExpressionSyntax Value) : ArgumentSyntax(Value.Position);

public sealed record DimensionsArgument(EquatableArray<int> Sizes, Position Position) : ArgumentSyntax(Position)
{
    public override string ToString() => string.Join("x", Sizes);
}

public sealed record OptionArgument(string Name, ArgumentSyntax Value, Position Position) : ArgumentSyntax(Position);
