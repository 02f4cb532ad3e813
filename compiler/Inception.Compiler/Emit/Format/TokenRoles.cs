using System.Collections.Generic;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Emit.Format;

/// <summary>
/// What the layout needs to know about each token beyond its text: which braces enclose a body written over
/// several lines, which '=' names a statement's result, and which '(' belongs to the name before it.
/// </summary>
internal sealed class TokenRoles
{
    private readonly HashSet<int> _multiLineBraces = new();
    private readonly HashSet<int> _emptyBodies = new();
    private readonly HashSet<int> _namingEquals = new();
    private readonly HashSet<int> _attachedParentheses = new();

    public TokenRoles(IReadOnlyList<SourceToken> tokens)
    {
        Tokens = tokens;
        FindBodies();
        FindNamingEquals();
        FindAttachedParentheses();
    }

    public IReadOnlyList<SourceToken> Tokens { get; }

    /// <summary>A '{' or '}' of a body that spans lines, so it gets lines of its own.</summary>
    public bool IsMultiLineBrace(int index) => _multiLineBraces.Contains(index);

    /// <summary>A '{' directly followed by its '}'.</summary>
    public bool OpensEmptyBody(int index) => _emptyBodies.Contains(index);

    /// <summary>The '=' of <c>name = op</c> or <c>a, b = factorize</c>, as opposed to that of an option or argument.</summary>
    public bool IsNamingEquals(int index) => _namingEquals.Contains(index);

    /// <summary>
    /// A '(' that must touch the name before it: the parser reads <c>b(1)</c> as a block call but <c>conv (c + 1)</c>
    /// as an operation with an expression, so the written choice is kept, except in <c>block NAME(...)</c> headers.
    /// </summary>
    public bool IsAttachedParenthesis(int index) => _attachedParentheses.Contains(index);

    private void FindBodies()
    {
        var open = new Stack<int>();
        for (var i = 0; i < Tokens.Count; i++)
        {
            var token = Tokens[i];
            if (token.Is("{"))
            {
                open.Push(i);
            }
            else if (token.Is("}") && open.Count > 0)
            {
                var opening = open.Pop();
                if (Tokens[opening].Line != token.Line)
                {
                    _multiLineBraces.Add(opening);
                    _multiLineBraces.Add(i);
                }
                else if (opening == i - 1)
                {
                    _emptyBodies.Add(opening);
                }
            }
        }
    }

    /// <summary>A naming '=' ends a run <c>name (, name)*</c> at the start of a statement.</summary>
    private void FindNamingEquals()
    {
        var expectName = true;
        var afterName = false;
        for (var i = 0; i < Tokens.Count; i++)
        {
            var token = Tokens[i];
            if (token.Kind == TokenKind.Comment)
            {
                continue;
            }

            if (token.Kind == TokenKind.Newline || token.Is(";") || token.Is("{") || token.Is("}"))
            {
                (expectName, afterName) = (true, false);
            }
            else if (token.Kind == TokenKind.Name && expectName)
            {
                (expectName, afterName) = (false, true);
            }
            else if (token.Is(",") && afterName)
            {
                (expectName, afterName) = (true, false);
            }
            else
            {
                if (token.Is("=") && afterName)
                {
                    _namingEquals.Add(i);
                }

                (expectName, afterName) = (false, false);
            }
        }
    }

    private void FindAttachedParentheses()
    {
        var depth = 0;
        for (var i = 0; i < Tokens.Count; i++)
        {
            var token = Tokens[i];
            depth += token.Is("{") ? 1 : token.Is("}") ? -1 : 0;
            if (token.Is("(") && i > 0 && Tokens[i - 1].Kind == TokenKind.Name && (!token.AfterBlank || (depth == 0 && IsBlockHeader(i - 1))))
            {
                _attachedParentheses.Add(i);
            }
        }
    }

    private bool IsBlockHeader(int name) =>
        name > 0 && Tokens[name - 1] is { Kind: TokenKind.Name, Text: "block" } && (name == 1 || Tokens[name - 2].Kind == TokenKind.Newline || Tokens[name - 2].Is(";"));
}
