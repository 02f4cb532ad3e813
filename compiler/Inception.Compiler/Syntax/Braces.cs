using System.Collections.Generic;
using System.Linq;

namespace Inception.Compiler.Syntax;

/// <summary>
/// Braces over the token stream, where comments and strings are tokens of their own: which '}' closes which
/// '{', and which '{' a file leaves open. The parser's message for a missing '}' and the editor's extents
/// (folding, outline, hover ranges) read the same pairs.
/// </summary>
public static class Braces
{
    /// <summary>The index of each '{' token that a '}' closes, with the index of that '}' (innermost first).</summary>
    public static IReadOnlyDictionary<int, int> Pairs(IReadOnlyList<SourceToken> tokens)
    {
        var pairs = new Dictionary<int, int>();
        var open = new Stack<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Is("{"))
            {
                open.Push(i);
            }
            else if (tokens[i].Is("}") && open.Count > 0)
            {
                pairs[open.Pop()] = i;
            }
        }

        return pairs;
    }

    /// <summary>
    /// The '{' that no '}' closes; null when they balance. A '}' that starts its line closes the '{' whose line
    /// is indented as far, as a reader pairs them, so the '{' reported is the one whose '}' went missing, not an
    /// outer one whose '}' an inner block took.
    /// </summary>
    public static (int Line, int Column)? Unclosed(IReadOnlyList<SourceToken> tokens)
    {
        var open = new List<(int Line, int Column, int Indent)>();
        var unclosed = new List<(int Line, int Column)>();
        var indent = 0;
        var lineStart = true;
        foreach (var token in tokens)
        {
            if (token.Kind == TokenKind.Newline)
            {
                lineStart = true;
                continue;
            }

            var first = lineStart;
            if (lineStart)
            {
                // Columns count one per character, so the first token's column gives the blanks before it.
                indent = token.Column - 1;
                lineStart = false;
            }

            if (token.Is("{"))
            {
                open.Add((token.Line, token.Column, indent));
            }
            else if (token.Is("}") && open.Count > 0)
            {
                var match = first ? open.FindLastIndex(o => o.Indent == indent) : -1;
                var closes = match >= 0 ? match : open.Count - 1;
                unclosed.AddRange(open.Skip(closes + 1).Select(o => (o.Line, o.Column)));
                open.RemoveRange(closes, open.Count - closes);
            }
        }

        return unclosed.Concat(open.Select(o => (o.Line, o.Column))).OrderBy(o => o.Line).ThenBy(o => o.Column).Select(o => ((int, int)?)o).LastOrDefault();
    }
}
