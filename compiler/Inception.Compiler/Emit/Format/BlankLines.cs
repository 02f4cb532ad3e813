using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Emit.Format;

/// <summary>
/// Blank lines: at most one in a row, none at the ends of the file or of a body, and one between two top-level
/// declarations unless both fit on one line (a run of imports stays together). A declaration's blank line goes
/// above the comments written directly over it, which belong to it.
/// </summary>
internal static class BlankLines
{
    public static List<LayoutLine> Normalize(List<LayoutLine> lines, TokenRoles roles)
    {
        var kept = new List<LayoutLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var redundant = lines[i].IsBlank && (kept.Count == 0 || OpensBody(kept[kept.Count - 1], roles)
                || i + 1 == lines.Count || lines[i + 1].IsBlank || roles.Tokens[lines[i + 1].Tokens[0]].Is("}"));
            if (!redundant)
            {
                kept.Add(lines[i]);
            }
        }

        return SeparateDeclarations(kept, roles);
    }

    private static List<LayoutLine> SeparateDeclarations(List<LayoutLine> lines, TokenRoles roles)
    {
        var separated = new List<LayoutLine>();
        var attachedComments = 0;
        foreach (var line in lines)
        {
            if (StartsDeclaration(line, roles))
            {
                var above = separated.Count - attachedComments - 1;
                if (above >= 0 && !separated[above].IsBlank && !(IsOneLineDeclaration(line, roles) && IsOneLineDeclaration(separated[above], roles)))
                {
                    separated.Insert(above + 1, LayoutLine.Blank);
                }
            }

            attachedComments = line.Depth == 0 && IsComment(line, roles) ? attachedComments + 1 : 0;
            separated.Add(line);
        }

        return separated;
    }

    private static bool IsComment(LayoutLine line, TokenRoles roles) =>
        !line.IsBlank && roles.Tokens[line.Tokens[0]].Kind == TokenKind.Comment;

    private static bool StartsDeclaration(LayoutLine line, TokenRoles roles) =>
        !line.IsBlank && line.Depth == 0 && roles.Tokens[line.Tokens[0]].Kind == TokenKind.Name;

    private static bool IsOneLineDeclaration(LayoutLine line, TokenRoles roles) =>
        StartsDeclaration(line, roles) && !line.Tokens.Any(roles.IsMultiLineBrace);

    private static bool OpensBody(LayoutLine line, TokenRoles roles) =>
        line.Tokens.Any(i => roles.IsMultiLineBrace(i) && roles.Tokens[i].Is("{"));
}
