using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Semantics;

/// <summary>
/// One argument of a statement as the binder read it from the syntax, every reading an op may ask for made
/// once: a number, a size, a word, a width over the block's parameters. It holds no syntax, so a layer
/// bound per instance carries it into the IR builder, which only fills its holes.
/// </summary>
/// <param name="Text">The argument as written, for messages.</param>
public sealed record BoundValue(string Text, SourceLocation Location)
{

    /// <summary>Written as a size (<c>3x3</c>, <c>1x7x7</c>), not as an expression.</summary>
    public bool IsDimensions { get; init; }

    /// <summary>A number literal.</summary>
    public double? Number { get; init; }

    /// <summary>A size: <c>HxW</c>, <c>K</c> written as dimensions, or a whole number read as a square.</summary>
    public Pair? Pair { get; init; }

    /// <summary>A bare name: <c>max</c>, <c>true</c>, <c>same</c>, or a block parameter before its instance fills it.</summary>
    public string? Word { get; init; }

    /// <summary>A positional expression read as a width: integer arithmetic over the block's width parameters.</summary>
    public ChannelExpression? Width { get; init; }

    /// <summary>Why the expression is no width; reported only if an op reads it as one.</summary>
    public EquatableArray<Diagnostic> WidthErrors { get; init; } = EquatableArray<Diagnostic>.Empty;

    /// <summary>A hole: the block's option parameter this value names, filled with each instance's argument.</summary>
    public string? Parameter { get; init; }

    /// <summary>A number with the text it is written as; a whole one also reads as a square size (<c>stride=2</c>).</summary>
    public static BoundValue OfNumber(double value, string text, SourceLocation location) =>
        new(text, location) { Number = value, Pair = SizeOf(value, text) };

    /// <summary>A size written as dimensions: two sides, or one for a square.</summary>
    public static BoundValue OfDimensions(IReadOnlyList<int> sizes, string text, SourceLocation location) =>
        new(text, location) { IsDimensions = true, Pair = SizeOf(sizes) };

    /// <summary>The size a number stands for: a square, where it is whole and fits.</summary>
    public static Pair? SizeOf(double value, string text) =>
        NumberExpression.IsWhole(value, text) && value is >= int.MinValue and <= int.MaxValue ? IR.Pair.Square((int)value) : null;

    /// <summary>The size dimensions stand for: HxW, or K for a square.</summary>
    public static Pair? SizeOf(IReadOnlyList<int> sizes) => sizes.Count switch
    {
        2 => new Pair(sizes[0], sizes[1]),
        1 => IR.Pair.Square(sizes[0]),
        _ => null,
    };

    public static BoundValue OfWord(string word, SourceLocation location) => new(word, location) { Word = word };

    /// <summary>This value in one instance: a hole takes the argument of its parameter, written where the hole was.</summary>
    public BoundValue Fill(IReadOnlyDictionary<string, BlockValue> arguments)
    {
        if (Parameter is null || !arguments.TryGetValue(Parameter, out var value))
        {
            return this;
        }

        return value.Raw switch
        {
            long integer => OfNumber(integer, integer.ToString(CultureInfo.InvariantCulture), Location),
            double number => OfNumber(number, number.ToString("R", CultureInfo.InvariantCulture), Location),
            _ => OfWord(value.ToString(), Location),
        };
    }
}

/// <summary>A <c>name=value</c> option; <see cref="Location"/> is its name's.</summary>
public sealed record BoundOptionArgument(string Name, BoundValue Value, SourceLocation Location);

/// <summary>
/// A layer statement's arguments: the positional ones in order, the options as written (unknown ones already
/// reported and dropped) and the file's <c>defaults</c> for its op.
/// </summary>
public sealed record BoundArguments(EquatableArray<BoundValue> Positional, EquatableArray<BoundOptionArgument> Options, EquatableArray<BoundOptionArgument> Defaults)
{
    /// <summary>Whether an option names a block parameter, so the layer is known per instance only.</summary>
    public bool HasHoles => Options.Any(o => o.Value.Parameter is not null);

    /// <summary>The arguments of one instance: every hole filled with its parameter's value.</summary>
    public BoundArguments Fill(IReadOnlyDictionary<string, BlockValue> arguments) =>
        this with { Options = Options.Select(o => o with { Value = o.Value.Fill(arguments) }).ToEquatableArray() };
}
