using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.Collections;
using Sprache;

namespace Inception.Compiler.Syntax;

/// <summary>
/// Tokens of the language. Newlines end statements, so tokens skip spaces, tabs and comments but never a newline.
/// </summary>
internal static class Lexical
{
    public static readonly Parser<Position> Here = input => Result.Success(new Position(input.Line, input.Column), input);

    // The tokens below scan the source text directly instead of composing character parsers: they run for
    // every character of a file, and composed they made a 1 MB file take seconds to parse. Failures carry the
    // same remainder and expectation that Sprache's Named() would, so syntax errors read the same.

    /// <summary>Anything between statements: blanks, comments, newlines and semicolons.</summary>
    public static readonly Parser<string> Separators = input =>
        Result.Success(string.Empty, Skip(input, Length(input, 0, c => c is ' ' or '\t' or '\r' or '\n' or ';', skipComments: true)));

    public static Parser<T> Token<T>(this Parser<T> parser) => input =>
    {
        var result = parser(input);
        return result.WasSuccessful ? Result.Success(result.Value, SkipInlineBlanks(result.Remainder)) : result;
    };

    public static Parser<char> Symbol(char c)
    {
        var expected = new[] { $"'{c}'" };
        return input => !input.AtEnd && input.Current == c
            ? Result.Success(c, SkipInlineBlanks(input.Advance()))
            : Result.Failure<char>(input, Unexpected(input), expected);
    }

    public static Parser<string> Keyword(string word)
    {
        var expected = new[] { $"'{word}'" };
        return input =>
        {
            var source = input.Source;
            var end = input.Position + word.Length;
            var matches = end <= source.Length
                && string.CompareOrdinal(source, input.Position, word, 0, word.Length) == 0
                && (end == source.Length || !IsIdentifierPart(source[end]));
            return matches
                ? Result.Success(word, SkipInlineBlanks(Skip(input, word.Length)))
                : Result.Failure<string>(input, Unexpected(input), expected);
        };
    }

    public static readonly Parser<Identifier> Identifier = input =>
    {
        if (input.AtEnd || !IsIdentifierStart(input.Current))
        {
            return Result.Failure<Identifier>(input, Unexpected(input), NameExpectation);
        }

        var length = 1 + Length(input, 1, IsIdentifierPart);
        var identifier = new Identifier(input.Source.Substring(input.Position, length), new Position(input.Line, input.Column));
        return Result.Success(identifier, SkipInlineBlanks(Skip(input, length)));
    };

    /// <summary><c>3x3</c>, <c>1x7</c>, <c>768x17x17</c>: sizes joined by 'x' with no blanks, each small enough for an int.</summary>
    public static readonly Parser<DimensionsArgument> Dimensions = input =>
    {
        var source = input.Source;
        var sizes = new List<int>();
        var length = 0;
        while (true)
        {
            var digits = Length(input, length, IsDigit);
            if (digits == 0 || !int.TryParse(source.Substring(input.Position + length, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return Result.Failure<DimensionsArgument>(input, Unexpected(input), DimensionsExpectation);
            }

            sizes.Add(size);
            length += digits;
            var next = input.Position + length;
            if (next >= source.Length || source[next] != 'x')
            {
                break;
            }

            length++;
        }

        if (sizes.Count < 2)
        {
            return Result.Failure<DimensionsArgument>(input, Unexpected(input), DimensionsExpectation);
        }

        var dimensions = new DimensionsArgument(sizes.ToEquatableArray(), new Position(input.Line, input.Column));
        return Result.Success(dimensions, SkipInlineBlanks(Skip(input, length)));
    };

    /// <summary>A number: digits, an optional fraction and exponent, not run into a name (<c>3x3</c> is a size, <c>2a</c> nothing).</summary>
    public static readonly Parser<NumberExpression> Number = input =>
    {
        var source = input.Source;
        var length = Length(input, 0, IsDigit);
        if (length == 0)
        {
            return Result.Failure<NumberExpression>(input, Unexpected(input), NumberExpectation);
        }

        if (At(source, input.Position + length) == '.' && Length(input, length + 1, IsDigit) is > 0 and var fraction)
        {
            length += 1 + fraction;
        }

        if (At(source, input.Position + length) is 'e' or 'E')
        {
            var sign = At(source, input.Position + length + 1) is '+' or '-' ? 1 : 0;
            if (Length(input, length + 1 + sign, IsDigit) is > 0 and var exponent)
            {
                length += 1 + sign + exponent;
            }
        }

        if (At(source, input.Position + length) is { } after && (char.IsLetter(after) || after == '_'))
        {
            return Result.Failure<NumberExpression>(Skip(input, length), Unexpected(Skip(input, length)), NumberExpectation);
        }

        var text = source.Substring(input.Position, length).Replace('E', 'e');
        var number = new NumberExpression(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), text, new Position(input.Line, input.Column));
        return Result.Success(number, SkipInlineBlanks(Skip(input, length)));
    };

    private static readonly string[] NameExpectation = { "name" };
    private static readonly string[] DimensionsExpectation = { "sizes such as 3x3" };
    private static readonly string[] NumberExpectation = { "number" };

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    /// <summary>Whether the whole text is one identifier.</summary>
    public static bool IsName(string text) => text.Length > 0 && IsIdentifierStart(text[0]) && text.All(IsIdentifierPart);

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static char? At(string source, int index) => index < source.Length ? source[index] : null;

    /// <summary>How many characters from <paramref name="offset"/> on satisfy <paramref name="predicate"/> (comments count as blanks where asked).</summary>
    private static int Length(IInput input, int offset, System.Func<char, bool> predicate, bool skipComments = false)
    {
        var source = input.Source;
        var start = input.Position + offset;
        var end = start;
        while (end < source.Length)
        {
            if (predicate(source[end]))
            {
                end++;
            }
            else if (skipComments && source[end] == '#')
            {
                while (end < source.Length && source[end] is not ('\r' or '\n'))
                {
                    end++;
                }
            }
            else
            {
                break;
            }
        }

        return end - start;
    }

    /// <summary>Spaces, tabs and a comment to the end of the line, but never the newline that ends a statement.</summary>
    private static IInput SkipInlineBlanks(IInput input) => Skip(input, Length(input, 0, c => c is ' ' or '\t', skipComments: true));

    private static IInput Skip(IInput input, int count)
    {
        for (var i = 0; i < count; i++)
        {
            input = input.Advance();
        }

        return input;
    }

    private static string Unexpected(IInput input) => input.AtEnd ? "unexpected end of input" : $"unexpected '{input.Current}'";

    public static readonly Parser<string> QuotedString =
        (from open in Parse.Char('"')
         from text in Parse.CharExcept("\"\r\n").Many().Text()
         from close in Parse.Char('"')
         select text).Token().Named("quoted path");
}
