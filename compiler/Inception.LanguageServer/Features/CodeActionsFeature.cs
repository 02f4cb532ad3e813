using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.Ops;
using Inception.Compiler.Semantics;
using Inception.Compiler.Syntax;
using Inception.Compiler.Text;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>The quick fixes the compiler's diagnostics name: a misspelt op, block or option, and a missing '}'.</summary>
public static class CodeActionsFeature
{
    public static IReadOnlyList<CodeAction> CodeActions(DocumentContext context, IReadOnlyList<LspDiagnostic> diagnostics)
    {
        var actions = new List<CodeAction>();
        var uri = DocumentUris.ToUri(context.Path);
        foreach (var diagnostic in diagnostics.Where(d => d.Source == DiagnosticsFeature.Source))
        {
            var start = Lsp.FromLsp(diagnostic.Range.Start);
            var occurrence = context.Syntax.OccurrenceAt(start);
            switch (diagnostic.Code)
            {
                case DiagnosticIds.UnknownOperation when occurrence is not null:
                    {
                        var blocks = context.VisibleFiles().SelectMany(f => f.File.Source.Syntax.Declarations.OfType<BlockDeclaration>()).Select(b => b.Name.Text);
                        var candidates = diagnostic.Message.StartsWith("unknown block", System.StringComparison.Ordinal)
                            ? blocks
                            : SemanticFacts.Keywords;
                        Add(actions, uri, diagnostic, occurrence.Start, occurrence.Name, Spelling.Closest(occurrence.Name, candidates, TypoEdits(occurrence.Name)));
                        break;
                    }

                case DiagnosticIds.UnknownOption when occurrence is not null:
                    {
                        var op = occurrence.Scope is null ? null : OpCatalog.Find(occurrence.Scope);
                        var candidates = op?.Options ?? KnownOptions(diagnostic.Message);
                        Add(actions, uri, diagnostic, occurrence.Start, occurrence.Name, Spelling.Closest(occurrence.Name, candidates, TypoEdits(occurrence.Name)));
                        break;
                    }

                case DiagnosticIds.SyntaxError when diagnostic.Message.Contains("expected '}'"):
                    {
                        var map = context.Syntax.Map;
                        var end = map.End;
                        var text = map.Text.EndsWith("\n", System.StringComparison.Ordinal) || map.Text.Length == 0 ? "}\n" : "\n}\n";
                        var edit = new WorkspaceEdit(Changes: new Dictionary<string, IReadOnlyList<TextEdit>> { [uri] = new[] { new TextEdit(Lsp.Range(end, end), text) } });
                        actions.Add(new CodeAction("Insert the missing '}'", "quickfix", new[] { diagnostic }, edit, true));
                        break;
                    }
            }
        }

        return actions;
    }

    /// <summary>Edits a typo may hold: one in a short word, up to three in a long one.</summary>
    private static int TypoEdits(string word) => System.Math.Max(1, System.Math.Min(3, word.Length / 3));

    private static IEnumerable<string> KnownOptions(string message)
    {
        var marker = "known options: ";
        var at = message.IndexOf(marker, System.StringComparison.Ordinal);
        return at < 0 ? Enumerable.Empty<string>() : message.Substring(at + marker.Length).Split(',').Select(s => s.Trim());
    }

    private static void Add(List<CodeAction> actions, string uri, LspDiagnostic diagnostic, Position start, string written, string? replacement)
    {
        if (replacement is null)
        {
            return;
        }

        var edit = new WorkspaceEdit(Changes: new Dictionary<string, IReadOnlyList<TextEdit>> { [uri] = new[] { new TextEdit(Lsp.Range(start, written.Length), replacement) } });
        actions.Add(new CodeAction($"Change '{written}' to '{replacement}'", "quickfix", new[] { diagnostic }, edit, true));
    }
}
