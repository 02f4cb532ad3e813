using System.Globalization;

namespace Inception.Compiler.Syntax;

/// <summary>An arithmetic expression over numbers and block parameters, e.g. <c>c7 * 2</c>.</summary>
public abstract record ExpressionSyntax(Position Position);

public sealed record NumberExpression(double Value, string Text, Position Position) : ExpressionSyntax(Position)
{
    public bool IsInteger => Value == System.Math.Floor(Value) && Text.IndexOfAny(new[] { '.', 'e', 'E' }) < 0;

    public override string ToString() => Text;
}

public sealed record NameExpression(string Name, Position Position) : ExpressionSyntax(Position)
{
    public override string ToString() => Name;
}

public sealed record BinaryExpression(char Operator, ExpressionSyntax Left, ExpressionSyntax Right, Position Position)
    : ExpressionSyntax(Position)
{
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "({0} {1} {2})", Left, Operator, Right);
}
