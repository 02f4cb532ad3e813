using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.Services;
using Inception.Compiler.Syntax;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>
/// The compiler's diagnostics for one document, as <c>incept check</c> prints them: the same codes, messages and
/// severities, each with its help link, a range over the token it points at, and the second place where the
/// compiler knows one. An error in an imported file shows at the import line too, so it is not missed.
/// </summary>
public static class DiagnosticsFeature
{
    public const string Source = "incept";

    public static IReadOnlyList<LspDiagnostic> Diagnostics(DocumentContext context)
    {
        var analysis = context.Analysis;
        var result = new List<LspDiagnostic>();
        SourceMap? map = null;
        foreach (var diagnostic in analysis.Diagnostics)
        {
            if (diagnostic.Location.Path == analysis.Path)
            {
                result.Add(Convert(diagnostic, map ??= new SourceMap(analysis.Text)));
            }
        }

        var imports = analysis.Diagnostics.Any(d => d.Location.Path != analysis.Path) ? analysis.Syntax.Imports : new ImportEntry[0];
        foreach (var import in imports)
        {
            var elsewhere = analysis.Diagnostics.Where(d => d.Location.Path == import.TargetPath && d.Severity == DiagnosticSeverity.Error).ToList();
            if (elsewhere.Count > 0)
            {
                var first = elsewhere[0];
                result.Add(new LspDiagnostic(
                    Lsp.Range(import.Start, import.End),
                    LspKinds.SeverityError,
                    first.Id,
                    new CodeDescription(DiagnosticCatalog.For(first.Id).HelpLink),
                    Source,
                    $"the imported file has {elsewhere.Count} error(s); the first: {first.Message}",
                    new[] { new DiagnosticRelatedInformation(new LspLocation(DocumentUris.ToUri(first.Location.Path), Point(first.Location)), first.Message) }));
            }
        }

        return result;
    }

    public static LspDiagnostic Convert(Diagnostic diagnostic, SourceMap map)
    {
        var start = new Position(diagnostic.Location.Line, diagnostic.Location.Column);
        var range = Lsp.Range(start, TokenLength(map, start));
        var related = diagnostic.Related is { } place
            ? new[] { new DiagnosticRelatedInformation(new LspLocation(DocumentUris.ToUri(place.Path), Point(place)), RelatedMessage(diagnostic)) }
            : null;
        return new LspDiagnostic(
            range,
            diagnostic.Severity == DiagnosticSeverity.Error ? LspKinds.SeverityError : LspKinds.SeverityWarning,
            diagnostic.Id,
            new CodeDescription(DiagnosticCatalog.For(diagnostic.Id).HelpLink),
            Source,
            diagnostic.Message,
            related);
    }

    /// <summary>The length of the word, number or size at a place (1 for anything else).</summary>
    private static int TokenLength(SourceMap map, Position start)
    {
        var at = map.Offset(start);
        var end = at;
        while (end < map.Text.Length && (char.IsLetterOrDigit(map.Text[end]) || map.Text[end] is '_' or '.'))
        {
            end++;
        }

        return Math.Max(1, end - at);
    }

    private static string RelatedMessage(Diagnostic diagnostic) =>
        diagnostic.Id == DiagnosticIds.SyntaxError ? "the '{' left open" : "the block is declared here";

    private static LspRange Point(SourceLocation location) => Lsp.Range(new Position(location.Line, location.Column), 1);
}
