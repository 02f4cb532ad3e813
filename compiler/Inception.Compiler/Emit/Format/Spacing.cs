using System;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Emit.Format;

/// <summary>The blanks between two tokens that share an output line.</summary>
internal static class Spacing
{
    /// <param name="column">The 0-based column where the gap starts, for end-of-line comments.</param>
    public static int Between(int previous, int next, int column, TokenRoles roles)
    {
        var before = roles.Tokens[previous];
        var token = roles.Tokens[next];
        if (token.Kind == TokenKind.Comment)
        {
            // Keeps comments the author aligned in a column, as long as two blanks still separate them from the code.
            return Math.Max(2, token.Column - 1 - column);
        }

        if (token.Is(",") || token.Is(";") || token.Is(")") || before.Is("("))
        {
            return 0;
        }

        if (before.Is("=") || token.Is("="))
        {
            return roles.IsNamingEquals(before.Is("=") ? previous : next) ? 1 : 0;
        }

        if (token.Is("("))
        {
            return roles.IsAttachedParenthesis(next) ? 0 : 1;
        }

        return roles.OpensEmptyBody(previous) ? 0 : 1;
    }
}
