using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Services;
using Inception.Compiler.Syntax;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>
/// Semantic tokens (full) from the compiler's own token stream, classified by the syntax index: keywords, ops,
/// options, numbers (sizes too), strings, comments, layer names, block and network names, parameters.
/// </summary>
public static class SemanticTokensFeature
{
    public static readonly IReadOnlyList<string> TokenTypes = new[]
    {
        "keyword", "function", "property", "number", "string", "comment", "variable", "class", "parameter", "enumMember", "operator",
    };

    public static readonly IReadOnlyList<string> TokenModifiers = new[] { "declaration" };

    public static SemanticTokens Tokens(DocumentContext context)
    {
        var syntax = context.Syntax;
        var occurrences = new Dictionary<Position, SymbolOccurrence>();
        foreach (var occurrence in syntax.Occurrences)
        {
            occurrences[occurrence.Start] = occurrence;
        }

        var data = new List<int>();
        var previousLine = 0;
        var previousCharacter = 0;
        foreach (var token in syntax.Tokens)
        {
            var start = new Position(token.Line, token.Column);
            occurrences.TryGetValue(start, out var occurrence);
            var type = Classify(token, occurrence);
            if (type is null)
            {
                continue;
            }

            var line = token.Line - 1;
            var character = token.Column - 1;
            data.Add(line - previousLine);
            data.Add(line == previousLine ? character - previousCharacter : character);
            data.Add(token.Text.Length);
            data.Add(type.Value);
            data.Add(occurrence?.IsDefinition == true ? 1 : 0);
            previousLine = line;
            previousCharacter = character;
        }

        return new SemanticTokens(data);
    }

    private static int? Classify(SourceToken token, SymbolOccurrence? occurrence)
    {
        string? type = token.Kind switch
        {
            TokenKind.Comment => "comment",
            TokenKind.Number or TokenKind.Size => "number",
            TokenKind.String => "string",
            TokenKind.Arrow or TokenKind.Operator => "operator",
            TokenKind.Name when occurrence is not null && occurrence.Length == token.Text.Length => occurrence.Kind switch
            {
                SymbolKind.Keyword => "keyword",
                SymbolKind.Operation => "function",
                SymbolKind.Option => "property",
                SymbolKind.Layer => "variable",
                SymbolKind.Block or SymbolKind.Network => "class",
                SymbolKind.Parameter => "parameter",
                SymbolKind.Word => "enumMember",
                _ => null,
            },
            _ => null,
        };
        return type is null ? null : TokenTypes.ToList().IndexOf(type);
    }
}
