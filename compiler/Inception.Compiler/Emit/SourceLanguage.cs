namespace Inception.Compiler.Emit;

/// <summary>What the source writer needs to know of a target language: how a comment starts and how a broken list ends.</summary>
/// <param name="CommentPrefix">The line comment marker.</param>
/// <param name="ClosingOnOwnLine">A broken bracketed list ends with the closing bracket on a line of its own (Python, as black writes it) or after the last item (C#).</param>
/// <param name="TrailingComma">The last item of a broken list gets a comma (Python allows one; C# argument lists do not).</param>
/// <param name="JoinWhenFits">A list whose items fit on one line at the deeper indent goes there (black's first choice); otherwise one item per line.</param>
internal sealed record SourceLanguage(string CommentPrefix, bool ClosingOnOwnLine, bool TrailingComma, bool JoinWhenFits)
{
    public static readonly SourceLanguage CSharp = new("//", ClosingOnOwnLine: false, TrailingComma: false, JoinWhenFits: false);

    public static readonly SourceLanguage Python = new("#", ClosingOnOwnLine: true, TrailingComma: true, JoinWhenFits: true);
}
