using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Inception.Compiler.IR;

/// <summary>
/// A channel or feature count as the .incept file writes it: integer arithmetic over block parameters
/// (<c>ch1x1 + ch3x3</c>, <c>c7 * 2</c>). The IR evaluates it per instance; the module plan keeps it symbolic so
/// that one block definition becomes one class whose constructor takes the parameters. Sums are kept flat
/// with their constant part folded last, so a concat's width reads <c>a + b + 480</c>.
/// </summary>
public abstract record ChannelExpression
{
    /// <summary>The implicit first parameter of every block class: the channels of its input tensor.</summary>
    public const string InChannels = "$in";

    /// <summary>The class count of the network, visible in every block.</summary>
    public const string Classes = "classes";

    public static ChannelExpression Of(long value) => new ConstantChannels(value);

    public static ChannelExpression Parameter(string name) => new ParameterChannels(name);

    /// <summary>Combines two widths; constants fold (when the result fits) and sums flatten.</summary>
    public static ChannelExpression Binary(char op, ChannelExpression left, ChannelExpression right)
    {
        if (left is ConstantChannels l && right is ConstantChannels r && Apply(op, l.Value, r.Value) is { } folded)
        {
            return Of(folded);
        }

        if ((op is '*' or '/' && right is ConstantChannels { Value: 1 }) || (op == '-' && right is ConstantChannels { Value: 0 }))
        {
            return left;
        }

        if (op == '*' && left is ConstantChannels { Value: 1 })
        {
            return right;
        }

        return op == '+' ? Sum(new[] { left, right }) : new BinaryChannels(op, left, right);
    }

    /// <summary>The sum of several widths, e.g. the output of a concat.</summary>
    public static ChannelExpression Sum(IEnumerable<ChannelExpression> parts)
    {
        var terms = new List<ChannelExpression>();
        long constant = 0;
        var folded = true;
        foreach (var part in parts.SelectMany(p => p is SumChannels sum ? sum.Terms : (IEnumerable<ChannelExpression>)new[] { p }))
        {
            if (part is ConstantChannels c && folded && Apply('+', constant, c.Value) is { } total)
            {
                constant = total;
            }
            else
            {
                folded &= part is not ConstantChannels;
                terms.Add(part);
            }
        }

        if (constant != 0 || terms.Count == 0)
        {
            terms.Add(Of(constant));
        }

        return terms.Count == 1 ? terms[0] : new SumChannels(new Collections.EquatableArray<ChannelExpression>(terms));
    }

    /// <summary>The value for one instance, or null with <paramref name="error"/> set (unknown name, division by zero, overflow).</summary>
    public abstract long? Evaluate(IReadOnlyDictionary<string, long> environment, out string? error);

    /// <summary>This width in the caller's terms: each parameter replaced by the argument the call passes.</summary>
    public abstract ChannelExpression Substitute(IReadOnlyDictionary<string, ChannelExpression> arguments);

    /// <summary>The parameters the width mentions.</summary>
    public abstract IEnumerable<string> Names();

    /// <summary>Writes the width with each parameter spelled by <paramref name="name"/>, with the fewest parentheses.</summary>
    public string Format(Func<string, string> name)
    {
        var text = new StringBuilder();
        Write(text, name, 0);
        return text.ToString();
    }

    public sealed override string ToString() => Format(n => n == InChannels ? "in_channels" : n);

    internal abstract void Write(StringBuilder text, Func<string, string> name, int precedence);

    /// <summary>One checked arithmetic step; '/' rounds down. Null for a division by zero or an overflow.</summary>
    internal static long? Apply(char op, long left, long right)
    {
        try
        {
            return op switch
            {
                '+' => checked(left + right),
                '-' => checked(left - right),
                '*' => checked(left * right),
                '/' when right == 0 => null,
                '/' => FloorDivide(left, right),
                _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown operator"),
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static long FloorDivide(long left, long right)
    {
        var quotient = checked(left / right);
        return (left % right != 0) && ((left < 0) != (right < 0)) ? quotient - 1 : quotient;
    }

    internal static int Precedence(char op) => op is '+' or '-' ? 1 : 2;
}

public sealed record ConstantChannels(long Value) : ChannelExpression
{
    public override long? Evaluate(IReadOnlyDictionary<string, long> environment, out string? error)
    {
        error = null;
        return Value;
    }

    public override ChannelExpression Substitute(IReadOnlyDictionary<string, ChannelExpression> arguments) => this;

    public override IEnumerable<string> Names() => Enumerable.Empty<string>();

    internal override void Write(StringBuilder text, Func<string, string> name, int precedence) =>
        text.Append(Value.ToString(CultureInfo.InvariantCulture));
}

public sealed record ParameterChannels(string Name) : ChannelExpression
{
    public override long? Evaluate(IReadOnlyDictionary<string, long> environment, out string? error)
    {
        error = environment.ContainsKey(Name) ? null : $"'{Name}' is not a parameter in scope";
        return error is null ? environment[Name] : null;
    }

    public override ChannelExpression Substitute(IReadOnlyDictionary<string, ChannelExpression> arguments) =>
        arguments.TryGetValue(Name, out var argument) ? argument : this;

    public override IEnumerable<string> Names() => new[] { Name };

    internal override void Write(StringBuilder text, Func<string, string> name, int precedence) => text.Append(name(Name));
}

public sealed record SumChannels(Collections.EquatableArray<ChannelExpression> Terms) : ChannelExpression
{
    public override long? Evaluate(IReadOnlyDictionary<string, long> environment, out string? error)
    {
        long total = 0;
        error = null;
        foreach (var term in Terms)
        {
            var value = term.Evaluate(environment, out error);
            if (value is null)
            {
                return null;
            }

            if (Apply('+', total, value.Value) is not { } sum)
            {
                error = $"'{this}' overflows";
                return null;
            }

            total = sum;
        }

        return total;
    }

    public override ChannelExpression Substitute(IReadOnlyDictionary<string, ChannelExpression> arguments) => Sum(Terms.Select(t => t.Substitute(arguments)));

    public override IEnumerable<string> Names() => Terms.SelectMany(t => t.Names());

    internal override void Write(StringBuilder text, Func<string, string> name, int precedence)
    {
        if (precedence > 1)
        {
            text.Append('(');
        }

        for (var i = 0; i < Terms.Count; i++)
        {
            if (i > 0)
            {
                text.Append(" + ");
            }

            Terms[i].Write(text, name, 1);
        }

        if (precedence > 1)
        {
            text.Append(')');
        }
    }
}

public sealed record BinaryChannels(char Operator, ChannelExpression Left, ChannelExpression Right) : ChannelExpression
{
    public override long? Evaluate(IReadOnlyDictionary<string, long> environment, out string? error)
    {
        var left = Left.Evaluate(environment, out error);
        var right = left is null ? null : Right.Evaluate(environment, out error);
        if (left is null || right is null)
        {
            return null;
        }

        var result = Apply(Operator, left.Value, right.Value);
        if (result is null)
        {
            error = Operator == '/' && right == 0 ? $"'{this}' divides by zero" : $"'{this}' overflows";
        }

        return result;
    }

    public override ChannelExpression Substitute(IReadOnlyDictionary<string, ChannelExpression> arguments) =>
        Binary(Operator, Left.Substitute(arguments), Right.Substitute(arguments));

    public override IEnumerable<string> Names() => Left.Names().Concat(Right.Names());

    internal override void Write(StringBuilder text, Func<string, string> name, int precedence)
    {
        var own = Precedence(Operator);
        var parenthesize = own < precedence;
        if (parenthesize)
        {
            text.Append('(');
        }

        Left.Write(text, name, own);
        text.Append(' ').Append(Operator).Append(' ');

        // The right operand of '-' and '/' binds tighter: a - (b + c), a / (b * c).
        Right.Write(text, name, own + 1);
        if (parenthesize)
        {
            text.Append(')');
        }
    }
}
