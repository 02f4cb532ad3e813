using System.Linq;
using System.Text.Json;
using Inception.Compiler;
using Inception.Compiler.Analysis.Diff;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.View;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>
/// The picture of a document for the editor's architecture view: the view model `incept view` writes (schema in
/// docs/viewer.md) of one of its networks, from the same analysis the diagnostics come from. While the document
/// has errors there is no model, and the error count says why; the view keeps its last picture, marked stale.
/// </summary>
public static class ArchitectureFeature
{
    public static ArchitectureResult Architecture(DocumentContext context, string uri, int? version, string? network)
    {
        var compilation = context.Analysis.Compilation;
        var errors = compilation.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var names = compilation.Networks.Select(n => n.Name).ToArray();
        var chosen = compilation.Networks.FirstOrDefault(n => n.Name == network) ?? compilation.Networks.FirstOrDefault();
        if (errors > 0 || chosen is null)
        {
            return new ArchitectureResult(uri, version, names, chosen?.Name, null, errors);
        }

        using var json = JsonDocument.Parse(ViewJson.Write(ViewBuilder.Build(compilation, chosen)));
        return new ArchitectureResult(uri, version, names, chosen.Name, json.RootElement.Clone(), errors);
    }

    /// <summary>
    /// The visual diff from another version of the document (a file, or the committed text) to the document as it
    /// is in the editor: the model `incept diff --format html` draws, null while either side has errors.
    /// </summary>
    public static ArchitectureResult Diff(DocumentContext context, string uri, int? version, string otherPath, string otherText)
    {
        var current = context.Analysis.Compilation;
        var other = Compilation.Compile(otherPath, otherText);
        var errors = current.Diagnostics.Concat(other.Diagnostics).Count(d => d.Severity == DiagnosticSeverity.Error);
        var right = current.Networks.FirstOrDefault();
        var left = other.Networks.FirstOrDefault(n => n.Name == right?.Name) ?? other.Networks.FirstOrDefault();
        var names = current.Networks.Select(n => n.Name).ToArray();
        if (errors > 0 || left is null || right is null)
        {
            return new ArchitectureResult(uri, version, names, right?.Name, null, errors);
        }

        using var json = JsonDocument.Parse(ViewJson.Write(ViewDiffBuilder.Build(ArchitectureDiff.Compare(left, right), SourceSpans.Of(other.Sources), SourceSpans.Of(current.Sources))));
        return new ArchitectureResult(uri, version, names, right.Name, json.RootElement.Clone(), errors);
    }
}
