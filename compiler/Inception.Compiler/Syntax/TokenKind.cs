namespace Inception.Compiler.Syntax;

/// <summary>The kinds of <see cref="SourceToken"/>; <see cref="Other"/> takes any character the language has no use for.</summary>
public enum TokenKind
{
    Name,
    Number,

    /// <summary><c>3x3</c>, <c>768x17x17</c>, <c>0x1</c>: integers joined by 'x' with no blanks.</summary>
    Size,

    /// <summary>One of <c>{ } ( ) = , ;</c>.</summary>
    Punctuation,

    /// <summary>One of <c>+ - * /</c>.</summary>
    Operator,
    Arrow,
    String,

    /// <summary><c>#</c> to the end of the line, trailing blanks trimmed.</summary>
    Comment,
    Newline,
    Other,
}
