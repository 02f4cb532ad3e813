using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Services;

/// <summary>Where in a statement the cursor is, for completion and signature help.</summary>
public enum CompletionPlace
{
    /// <summary>Nothing to offer: in a comment, or after something no rule expects.</summary>
    None,

    /// <summary>Inside the string of an <c>import</c>: file paths.</summary>
    ImportPath,

    /// <summary>Outside every declaration's body: <c>block</c>, <c>network</c>, <c>import</c>, <c>defaults</c>.</summary>
    TopLevel,

    /// <summary>Where a statement starts (after <c>name =</c> too): ops, statement keywords, blocks.</summary>
    StatementStart,

    /// <summary>After an op or statement keyword: its options.</summary>
    Options,

    /// <summary>Right after <c>option=</c>: the option's values.</summary>
    OptionValue,

    /// <summary>Inside a block call's parentheses: the block's parameters.</summary>
    CallArguments,
}

/// <summary>
/// What the cursor is in, read from the document's token stream (the one the formatter and the index use) rather
/// than by matching the line's text: the place, the word being typed, the statement's op and the options written,
/// the option whose value is typed, or the called block and the argument under the cursor. Completion and
/// signature help both read it, as Bicep's features read its <c>BicepCompletionContext</c>.
/// </summary>
/// <param name="Place">Where the cursor is.</param>
/// <param name="Typed">The part of a word before the cursor (empty between words); inside an import, the path typed so far.</param>
/// <param name="Operation">The statement's op or keyword (<c>conv</c>, <c>reduce_grid</c>, <c>factorize</c>), for options and values.</param>
/// <param name="Option">The option whose value is being typed.</param>
/// <param name="Written">The options the statement already sets.</param>
/// <param name="Callee">The block whose argument list holds the cursor.</param>
/// <param name="Argument">The argument under the cursor, from 0 by position.</param>
/// <param name="NamedArgument">The parameter the argument under the cursor names (<c>c7=</c>), if it names one.</param>
public sealed record CompletionContext(
    CompletionPlace Place,
    string Typed,
    string? Operation = null,
    string? Option = null,
    IReadOnlyCollection<string>? Written = null,
    string? Callee = null,
    int Argument = 0,
    string? NamedArgument = null)
{
    private static readonly CompletionContext Nothing = new(CompletionPlace.None, string.Empty);

    /// <summary>The context at <paramref name="position"/> (1-based; the cursor sits before the character there).</summary>
    public static CompletionContext At(SyntaxIndex syntax, Position position)
    {
        var (line, column) = (position.Line, position.Column);

        // The tokens of the cursor's line that start before it; one it is inside is cut at the cursor.
        var before = syntax.Tokens
            .Where(t => t.Line == line && t.Column < column && t.Kind != TokenKind.Newline)
            .Select(t => t.Column + t.Text.Length > column ? t with { Text = t.Text.Substring(0, column - t.Column) } : t)
            .ToList();
        if (before.Any(t => t.Kind == TokenKind.Comment))
        {
            return Nothing;
        }

        if (before.Count == 2 && before[0] is { Kind: TokenKind.Name, Text: "import" } && before[1] is { Kind: TokenKind.String } path
            && (path.Text.Length == 1 || !path.Text.EndsWith("\"", System.StringComparison.Ordinal)))
        {
            return new CompletionContext(CompletionPlace.ImportPath, path.Text.TrimStart('"').TrimEnd('"'));
        }

        // A word the cursor is at the end of (no blank between) is being typed, not finished.
        var last = before.Count > 0 ? before[before.Count - 1] : null;
        var typed = last is { Kind: TokenKind.Name } && last.Column + last.Text.Length == column ? last.Text : string.Empty;
        var finished = typed.Length > 0 ? before.Take(before.Count - 1).ToList() : before;

        var declaration = syntax.DeclarationAt(position);
        if (declaration is not { BodyOpen: { } open } || SyntaxIndex.Compare(position, open) <= 0)
        {
            return StartsStatement(finished) ? new CompletionContext(CompletionPlace.TopLevel, typed) : Nothing;
        }

        // The statement being typed: after the line's last ';', '{' or '}' outside parentheses.
        var segment = Segment(finished);
        if (Call(segment) is { } call)
        {
            return call with { Typed = typed };
        }

        var operation = OperationOf(segment);
        if (segment.Count > 2 && segment[segment.Count - 1].Is("=") && segment[segment.Count - 2].Kind == TokenKind.Name && operation is not null)
        {
            return new CompletionContext(CompletionPlace.OptionValue, typed, operation.Text, segment[segment.Count - 2].Text);
        }

        if (StartsStatement(segment))
        {
            return new CompletionContext(CompletionPlace.StatementStart, typed);
        }

        if (operation is null)
        {
            return Nothing;
        }

        var written = new HashSet<string>(segment
            .Select((t, i) => (Token: t, Next: i + 1 < segment.Count ? segment[i + 1] : null))
            .Where(p => p.Token.Kind == TokenKind.Name && p.Next is not null && p.Next.Is("="))
            .Select(p => p.Token.Text));
        return new CompletionContext(CompletionPlace.Options, typed, operation.Text, Written: written);
    }

    /// <summary>Nothing yet, or only the names a statement assigns (<c>a =</c>, <c>a, b =</c>).</summary>
    private static bool StartsStatement(IReadOnlyList<SourceToken> tokens)
    {
        if (tokens.Count == 0)
        {
            return true;
        }

        if (!tokens[tokens.Count - 1].Is("="))
        {
            return false;
        }

        for (var i = 0; i < tokens.Count - 1; i++)
        {
            var expected = i % 2 == 0 ? tokens[i].Kind == TokenKind.Name : tokens[i].Is(",");
            if (!expected)
            {
                return false;
            }
        }

        return tokens.Count % 2 == 0;
    }

    /// <summary>The statement's op: its first name after the names it assigns.</summary>
    private static SourceToken? OperationOf(IReadOnlyList<SourceToken> segment)
    {
        var assignment = segment.ToList().FindIndex(t => t.Is("="));
        var start = assignment >= 0 && StartsStatement(segment.Take(assignment + 1).ToList()) ? assignment + 1 : 0;
        return start < segment.Count && segment[start].Kind == TokenKind.Name ? segment[start] : null;
    }

    private static List<SourceToken> Segment(IReadOnlyList<SourceToken> tokens)
    {
        var depth = 0;
        for (var i = tokens.Count - 1; i >= 0; i--)
        {
            depth += tokens[i].Is(")") ? 1 : tokens[i].Is("(") ? -1 : 0;
            if (depth <= 0 && (tokens[i].Is(";") || tokens[i].Is("{") || tokens[i].Is("}")))
            {
                return tokens.Skip(i + 1).ToList();
            }
        }

        return tokens.ToList();
    }

    /// <summary>Inside a call's parentheses: the block, the argument's index and the parameter it names.</summary>
    private static CompletionContext? Call(IReadOnlyList<SourceToken> segment)
    {
        var depth = 0;
        for (var i = segment.Count - 1; i >= 0; i--)
        {
            depth += segment[i].Is(")") ? 1 : segment[i].Is("(") ? -1 : 0;
            if (depth >= 0)
            {
                continue;
            }

            if (i == 0 || segment[i - 1].Kind != TokenKind.Name)
            {
                return null;
            }

            var (argument, start, nesting) = (0, i + 1, 0);
            for (var j = i + 1; j < segment.Count; j++)
            {
                nesting += segment[j].Is("(") ? 1 : segment[j].Is(")") ? -1 : 0;
                if (nesting == 0 && segment[j].Is(","))
                {
                    (argument, start) = (argument + 1, j + 1);
                }
            }

            var named = start + 1 < segment.Count && segment[start].Kind == TokenKind.Name && segment[start + 1].Is("=") ? segment[start].Text : null;
            return new CompletionContext(CompletionPlace.CallArguments, string.Empty, Callee: segment[i - 1].Text, Argument: argument, NamedArgument: named);
        }

        return null;
    }
}
