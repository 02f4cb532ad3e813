using System.Collections.Generic;

namespace Inception.Compiler.Syntax;

/// <summary>
/// Splits .incept text into tokens, comments and newlines included, dropping only the blanks between them; the
/// formatter works on these because the syntax tree forgets comments and layout. Tokens break where
/// <see cref="Lexical"/> breaks them, so writing them back with other blanks reads the same to the parser.
/// </summary>
public static class Tokenizer
{
    public static IReadOnlyList<SourceToken> Tokenize(string text)
    {
        var tokens = new List<SourceToken>();
        var line = 1;
        var lineStart = 0;
        var afterBlank = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t')
            {
                afterBlank = true;
                i++;
                continue;
            }

            var start = i;
            var kind = Scan(text, ref i);
            var tokenText = kind == TokenKind.Comment ? text.Substring(start, i - start).TrimEnd() : text.Substring(start, i - start);
            tokens.Add(new SourceToken(kind, tokenText, line, start - lineStart + 1, afterBlank));
            afterBlank = false;
            if (kind == TokenKind.Newline)
            {
                line++;
                lineStart = i;
            }
        }

        return tokens;
    }

    /// <summary>Advances <paramref name="i"/> past the token that starts there and says what it is.</summary>
    private static TokenKind Scan(string text, ref int i)
    {
        var c = text[i];
        if (c == '\r')
        {
            // The parser ends a statement at a lone '\r' as at '\n'.
            i += At(text, i + 1) == '\n' ? 2 : 1;
            return TokenKind.Newline;
        }

        if (c == '\n')
        {
            i++;
            return TokenKind.Newline;
        }

        if (c == '#')
        {
            i = SkipUntil(text, i, "\r\n");
            return TokenKind.Comment;
        }

        if (c == '"')
        {
            i = SkipUntil(text, i + 1, "\"\r\n");
            i += At(text, i) == '"' ? 1 : 0;
            return TokenKind.String;
        }

        if (char.IsLetter(c) || c == '_')
        {
            i = SkipWhile(text, i, ch => char.IsLetterOrDigit(ch) || ch == '_');
            return TokenKind.Name;
        }

        if (char.IsDigit(c))
        {
            return ScanNumberOrSize(text, ref i);
        }

        if (c == '-' && At(text, i + 1) == '>')
        {
            i += 2;
            return TokenKind.Arrow;
        }

        i++;
        return c switch
        {
            '{' or '}' or '(' or ')' or '=' or ',' or ';' => TokenKind.Punctuation,
            '+' or '-' or '*' or '/' => TokenKind.Operator,
            _ => TokenKind.Other,
        };
    }

    /// <summary><c>3x3</c> and <c>3x299x299</c> are sizes; <c>64</c>, <c>0.5</c> and <c>1e-3</c> numbers.</summary>
    private static TokenKind ScanNumberOrSize(string text, ref int i)
    {
        i = SkipWhile(text, i, char.IsDigit);
        if (At(text, i) == 'x' && char.IsDigit(At(text, i + 1)))
        {
            while (At(text, i) == 'x' && char.IsDigit(At(text, i + 1)))
            {
                i = SkipWhile(text, i + 1, char.IsDigit);
            }

            return TokenKind.Size;
        }

        if (At(text, i) == '.' && char.IsDigit(At(text, i + 1)))
        {
            i = SkipWhile(text, i + 1, char.IsDigit);
        }

        if (At(text, i) is 'e' or 'E')
        {
            var digits = At(text, i + 1) is '+' or '-' ? i + 2 : i + 1;
            if (char.IsDigit(At(text, digits)))
            {
                i = SkipWhile(text, digits, char.IsDigit);
            }
        }

        return TokenKind.Number;
    }

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    private static int SkipWhile(string text, int i, System.Func<char, bool> predicate)
    {
        while (i < text.Length && predicate(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int SkipUntil(string text, int i, string stops)
    {
        while (i < text.Length && stops.IndexOf(text[i]) < 0)
        {
            i++;
        }

        return i;
    }
}
