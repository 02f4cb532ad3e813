using Inception.Compiler.Services;
using Inception.Compiler.Syntax;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>
/// Between the compiler's places (1-based line and column, one column per UTF-16 code unit) and LSP's (0-based
/// line, UTF-16 character): the same units, so only the origin moves.
/// </summary>
public static class Lsp
{
    public static LspPosition ToLsp(Position position) => new(System.Math.Max(0, position.Line - 1), System.Math.Max(0, position.Column - 1));

    public static Position FromLsp(LspPosition position) => new(position.Line + 1, position.Character + 1);

    public static LspRange Range(Position start, Position end) => new(ToLsp(start), ToLsp(end));

    public static LspRange Range(Position start, int length) => Range(start, new Position(start.Line, start.Column + length));

    public static LspRange Range(SymbolOccurrence occurrence) => Range(occurrence.Start, occurrence.Length);

    /// <summary>The whole of a text, for edits that replace it.</summary>
    public static LspRange Whole(SourceMap map) => Range(new Position(1, 1), map.End);
}
