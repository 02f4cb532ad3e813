using System.Globalization;
using System.Linq;
using Inception.Compiler.Text;
using Sprache;

namespace Inception.Compiler.Syntax;

/// <summary>
/// Tokens of the language. Newlines end statements, so tokens skip spaces, tabs and comments but never a newline.
/// </summary>
internal static class Lexical
{
    public static readonly Parser<Position> Here = input => Result.Success(new Position(input.Line, input.Column), input);

    public static readonly Parser<string> Comment =
        from hash in Parse.Char('#')
        from text in Parse.CharExcept("\r\n").Many().Text()
        select text;

    private static readonly Parser<string> InlineBlank =
        Parse.Chars(" \t").AtLeastOnce().Text().Or(Comment);

    /// <summary>Anything between statements: blanks, comments, newlines and semicolons.</summary>
    public static readonly Parser<string> Separators =
        Parse.Chars(" \t\r\n;").AtLeastOnce().Text().Or(Comment).Many().Select(_ => string.Empty);

    public static Parser<T> Token<T>(this Parser<T> parser) =>
        from value in parser
        from blank in InlineBlank.Many()
        select value;

    public static Parser<char> Symbol(char c) => Parse.Char(c).Token().Named($"'{c}'");

    public static Parser<string> Keyword(string word) =>
        Parse.String(word).Text().Then(w => Parse.LetterOrDigit.Or(Parse.Char('_')).Not().Return(w)).Token().Named($"'{word}'");

    public static readonly Parser<Identifier> Identifier =
        (from position in Here
         from text in Parse.Identifier(Parse.Letter.Or(Parse.Char('_')), Parse.LetterOrDigit.Or(Parse.Char('_')))
         select new Identifier(text, position)).Token().Named("name");

    private static readonly Parser<string> Digits = Parse.Digit.AtLeastOnce().Text();

    /// <summary>A size, small enough for an int; larger ones fail here instead of overflowing later.</summary>
    private static readonly Parser<string> Size =
        Digits.Where(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out _)).Named("a size below 2147483648");

    /// <summary><c>3x3</c>, <c>1x7</c>, <c>768x17x17</c>: sizes joined by 'x' with no blanks.</summary>
    public static readonly Parser<DimensionsArgument> Dimensions =
        (from position in Here
         from first in Size
         from rest in Parse.Char('x').Then(_ => Size).AtLeastOnce()
         select new DimensionsArgument(
             new[] { first }.Concat(rest).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToEquatableArray(),
             position)).Token().Named("sizes such as 3x3");

    public static readonly Parser<NumberExpression> Number =
        (from position in Here
         from whole in Digits
         from fraction in Parse.Char('.').Then(_ => Digits).Select(d => "." + d).Optional()
         from exponent in (from e in Parse.Chars("eE")
                           from sign in Parse.Chars("+-").Optional()
                           from digits in Digits
                           select "e" + (sign.IsDefined ? sign.Get().ToString() : string.Empty) + digits).Optional()
         from end in Parse.Letter.Or(Parse.Char('_')).Not()
         let text = whole + fraction.GetOrElse(string.Empty) + exponent.GetOrElse(string.Empty)
         select new NumberExpression(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), text, position))
        .Token().Named("number");

    public static readonly Parser<string> QuotedString =
        (from open in Parse.Char('"')
         from text in Parse.CharExcept("\"\r\n").Many().Text()
         from close in Parse.Char('"')
         select text).Token().Named("quoted path");
}
