using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Semantics;
using Inception.Compiler.Services;
using Inception.Compiler.Syntax;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>Go to definition (block call → block, import → file, parameter use → parameter), find references and rename.</summary>
public static class NavigationFeature
{
    public static IReadOnlyList<LspLocation> Definition(DocumentContext context, Position position)
    {
        var syntax = context.Syntax;
        if (syntax.Imports.FirstOrDefault(i => i.Start.Line == position.Line) is { } import)
        {
            return new[] { new LspLocation(DocumentUris.ToUri(import.TargetPath), Lsp.Range(new Position(1, 1), 0)) };
        }

        var occurrence = syntax.OccurrenceAt(position);
        if (occurrence is null)
        {
            return new LspLocation[0];
        }

        return Declarations(context, occurrence).Select(d => new LspLocation(DocumentUris.ToUri(d.File.Path), Lsp.Range(d.Occurrence))).ToList();
    }

    public static IReadOnlyList<LspLocation> References(DocumentContext context, Position position, bool includeDeclaration)
    {
        var occurrence = context.Syntax.OccurrenceAt(position);
        if (occurrence is null)
        {
            return new LspLocation[0];
        }

        return Occurrences(context, occurrence)
            .Where(o => includeDeclaration || !o.Occurrence.IsDefinition)
            .Select(o => new LspLocation(DocumentUris.ToUri(o.File.Path), Lsp.Range(o.Occurrence)))
            .ToList();
    }

    /// <summary>Where a rename may start: a block, a parameter, a layer or a network name; never a keyword, op, option or word.</summary>
    public static PrepareRenameResult? PrepareRename(DocumentContext context, Position position, out string? refusal)
    {
        var occurrence = context.Syntax.OccurrenceAt(position);
        refusal = occurrence?.Kind switch
        {
            null => "nothing to rename here",
            SymbolKind.Keyword or SymbolKind.Operation => $"'{occurrence.Name}' is a keyword of the language",
            SymbolKind.Option => $"'{occurrence.Name}' is an option of '{occurrence.Scope}'",
            SymbolKind.Word => $"'{occurrence.Name}' is a value, not a name",
            SymbolKind.Parameter when occurrence.Scope is null => $"'{occurrence.Name}' is not a parameter here",
            _ => null,
        };
        return refusal is null ? new PrepareRenameResult(Lsp.Range(occurrence!), occurrence!.Name) : null;
    }

    public static WorkspaceEdit? Rename(DocumentContext context, Position position, string newName, out string? refusal)
    {
        if (PrepareRename(context, position, out refusal) is null)
        {
            return null;
        }

        var occurrence = context.Syntax.OccurrenceAt(position)!;
        if (!SemanticFacts.IsName(newName) || SemanticFacts.IsReservedWord(newName))
        {
            refusal = $"'{newName}' cannot name a {occurrence.Kind.ToString().ToLowerInvariant()}: it must be a name that is not a keyword or op";
            return null;
        }

        var edits = Occurrences(context, occurrence).GroupBy(o => o.File.Path).ToList();
        Dictionary<string, ChangeAnnotation>? annotations = null;
        string? annotation = null;
        if (occurrence.Kind == SymbolKind.Layer)
        {
            // A layer's name is its state_dict key: pretrained weights saved under the old key no longer load by name.
            annotation = "stateDictKey";
            var keys = context.InstancesAt(context.Syntax.StatementAt(position)?.Anchor ?? position).Select(i => i.First.Path).Distinct().Take(3).ToList();
            var described = keys.Count == 0 ? $"'{occurrence.Name}'" : string.Join(", ", keys.Select(k => "'" + k + "'"));
            annotations = new Dictionary<string, ChangeAnnotation>
            {
                [annotation] = new ChangeAnnotation(
                    "Renaming a layer changes its state_dict key",
                    true,
                    $"{described} becomes '{newName}' in the state_dict: weight files saved with the old name no longer load by name."),
            };
        }

        var changes = edits.Select(group => new TextDocumentEdit(
                new VersionedTextDocumentIdentifier(DocumentUris.ToUri(group.Key), null),
                group.Select(o => new TextEdit(Lsp.Range(o.Occurrence), newName, annotation)).ToList()))
            .ToList();
        return new WorkspaceEdit(changes, annotations);
    }

    /// <summary>The declarations an occurrence refers to.</summary>
    private static IEnumerable<(SyntaxIndex File, SymbolOccurrence Occurrence)> Declarations(DocumentContext context, SymbolOccurrence occurrence) =>
        Occurrences(context, occurrence).Where(o => o.Occurrence.IsDefinition);

    /// <summary>Every occurrence of the same symbol in the files the editor can see.</summary>
    private static IEnumerable<(SyntaxIndex File, SymbolOccurrence Occurrence)> Occurrences(DocumentContext context, SymbolOccurrence occurrence)
    {
        switch (occurrence.Kind)
        {
            case SymbolKind.Block:
                {
                    var declared = context.Analysis.FindBlock(occurrence.Name)?.File.Path;
                    foreach (var (file, analysis) in context.VisibleFiles())
                    {
                        if (declared is null || file.Path == declared || analysis.FindBlock(occurrence.Name)?.File.Path == declared)
                        {
                            foreach (var found in file.Occurrences.Where(o => o.Kind == SymbolKind.Block && o.Name == occurrence.Name))
                            {
                                yield return (file, found);
                            }
                        }
                    }

                    break;
                }

            case SymbolKind.Parameter when occurrence.Scope is { } block:
                {
                    var declared = context.Analysis.FindBlock(block)?.File.Path;
                    foreach (var (file, analysis) in context.VisibleFiles())
                    {
                        if (declared is null ? file.Path == context.Path : file.Path == declared || analysis.FindBlock(block)?.File.Path == declared)
                        {
                            foreach (var found in file.Occurrences.Where(o => o.Kind == SymbolKind.Parameter && o.Scope == block && o.Name == occurrence.Name))
                            {
                                yield return (file, found);
                            }
                        }
                    }

                    break;
                }

            case SymbolKind.Layer or SymbolKind.Network:
                // A layer's name is written once (its uses are by position); a network is declared once.
                yield return (context.Syntax, occurrence.IsDefinition ? occurrence : occurrence with { IsDefinition = true });
                break;
        }
    }
}
