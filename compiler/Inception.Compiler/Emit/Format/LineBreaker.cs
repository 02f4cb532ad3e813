using System.Collections.Generic;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Emit.Format;

/// <summary>
/// Cuts the tokens into lines: the author's line breaks, plus one after the '{' and one before the '}' of every
/// body that spans lines. Both are places where the parser already accepts a newline, so the meaning stays.
/// </summary>
internal static class LineBreaker
{
    public static List<LayoutLine> Lines(TokenRoles roles)
    {
        var lines = new List<LayoutLine>();
        var current = new List<int>();
        var currentDepth = 0;
        var depth = 0;
        var breakAfterBrace = false;

        void EndLine()
        {
            lines.Add(current.Count == 0 ? LayoutLine.Blank : new LayoutLine(currentDepth, current));
            current = new List<int>();
        }

        for (var i = 0; i < roles.Tokens.Count; i++)
        {
            var token = roles.Tokens[i];
            if (token.Kind == TokenKind.Newline)
            {
                EndLine();
                breakAfterBrace = false;
                continue;
            }

            // A comment after an opening brace stays on the brace's line.
            if (breakAfterBrace && token.Kind != TokenKind.Comment)
            {
                EndLine();
                breakAfterBrace = false;
            }

            if (token.Is("}"))
            {
                depth = System.Math.Max(0, depth - 1);
                if (roles.IsMultiLineBrace(i) && current.Count > 0)
                {
                    EndLine();
                }
            }

            if (current.Count == 0)
            {
                currentDepth = depth;
            }

            current.Add(i);
            if (token.Is("{"))
            {
                depth++;
                breakAfterBrace = roles.IsMultiLineBrace(i);
            }
        }

        if (current.Count > 0)
        {
            EndLine();
        }

        return lines;
    }
}
