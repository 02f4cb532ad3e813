using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.View;

/// <summary>
/// Where each drawn node's text ends. The IR keeps only where a statement starts (all a diagnostic needs); a picture
/// that selects a node's text in the editor, or finds the innermost node under the cursor, needs its end too. It is
/// read from the token stream the editor and formatter already use: a statement runs to the end of its line, a
/// <c>;</c>, or the brace that closes its container, whichever comes first outside its own braces and parentheses.
/// </summary>
public sealed class SourceSpans
{
    private readonly Dictionary<string, IReadOnlyList<SourceToken>> _tokens;

    private SourceSpans(Dictionary<string, IReadOnlyList<SourceToken>> tokens) => _tokens = tokens;

    /// <summary>No texts: every span ends where it starts.</summary>
    public static SourceSpans None { get; } = new(new Dictionary<string, IReadOnlyList<SourceToken>>());

    public static SourceSpans Of(IEnumerable<CompiledSource> sources) =>
        new(sources.GroupBy(s => s.Path).ToDictionary(g => g.Key, g => Tokenizer.Tokenize(g.First().Text)));

    public ViewSource Span(SourceLocation start)
    {
        var (line, column) = (start.Line, start.Column);
        if (_tokens.TryGetValue(start.Path, out var tokens))
        {
            (line, column) = End(tokens, start.Line, start.Column) ?? (line, column);
        }

        return new ViewSource(start.Path, start.Line, start.Column, line, column);
    }

    /// <summary>Just past the statement's last token (1-based, exclusive, as an editor's selection ends).</summary>
    private static (int Line, int Column)? End(IReadOnlyList<SourceToken> tokens, int line, int column)
    {
        var first = FirstAtOrAfter(tokens, line, column);
        SourceToken? last = null;
        var depth = 0;
        for (var i = first; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Comment || (token.Kind == TokenKind.Newline && depth > 0))
            {
                continue;
            }

            if (depth == 0 && (token.Kind == TokenKind.Newline || token.Is(";") || token.Is("}") || token.Is(")")))
            {
                break;
            }

            depth += token.Is("{") || token.Is("(") ? 1 : token.Is("}") || token.Is(")") ? -1 : 0;
            last = token;
        }

        return last is null ? null : (last.Line, last.Column + last.Text.Length);
    }

    private static int FirstAtOrAfter(IReadOnlyList<SourceToken> tokens, int line, int column)
    {
        var (low, high) = (0, tokens.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            var token = tokens[middle];
            if (token.Line < line || (token.Line == line && token.Column < column))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
