namespace Inception.Compiler.Syntax;

/// <summary>One token of .incept text as written, with its place in the line (1-based, one column per character).</summary>
/// <param name="AfterBlank">Whether a space or tab separates it from the previous token of its line.</param>
public sealed record SourceToken(TokenKind Kind, string Text, int Line, int Column, bool AfterBlank)
{
    public bool Is(string punctuation) => Kind == TokenKind.Punctuation && Text == punctuation;
}
