using System.Globalization;

namespace Inception.Compiler.Syntax;

/// <summary>An arithmetic expression over numbers and block parameters, e.g. <c>c7 * 2</c>.</summary>
public abstract record ExpressionSyntax(Position Position);

public sealed record NumberExpression(double Value, string Text, Position Position) : ExpressionSyntax(Position)
{
    private static readonly char[] NotWhole = { '.', 'e', 'E' };

    public bool IsInteger => IsWhole(Value, Text);

    /// <summary>Whether a number written as <paramref name="text"/> is a whole number (<c>2</c>, not <c>2.0</c> or <c>2e0</c>).</summary>
    public static bool IsWhole(double value, string text) => value == System.Math.Floor(value) && text.IndexOfAny(NotWhole) < 0;

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
