using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.IR;
using Inception.Compiler.Services;
using Inception.Compiler.Syntax;

namespace Inception.LanguageServer.Features;

/// <summary>
/// What a feature sees of one document: its analysis and the analyses of the open documents that import it,
/// so a file of blocks shows the shapes its importers give them. Immutable; one per request.
/// </summary>
/// <param name="Open">The analyses of every open document (this one may be among them).</param>
public sealed record DocumentContext(DocumentAnalysis Analysis, IReadOnlyList<DocumentAnalysis> Open, FeatureOptions Options)
{
    public DocumentContext(DocumentAnalysis analysis)
        : this(analysis, new DocumentAnalysis[0], FeatureOptions.Default)
    {
    }

    /// <summary>The open documents that import this one, directly or not.</summary>
    public IReadOnlyList<DocumentAnalysis> Importers =>
        Open.Where(a => a.Path != Analysis.Path && a.Imports.ContainsKey(Analysis.Path)).ToList();

    /// <summary>
    /// Every file the editor can see from here, once each: this one, the open documents, and the files they
    /// import, with the analysis that reads it (an open document's own wins).
    /// </summary>
    public IReadOnlyList<(SyntaxIndex File, DocumentAnalysis Analysis)> VisibleFiles()
    {
        var files = new Dictionary<string, (SyntaxIndex, DocumentAnalysis)>(System.StringComparer.Ordinal);
        foreach (var analysis in new[] { Analysis }.Concat(Open.Where(a => a.Path != Analysis.Path)))
        {
            files[analysis.Path] = (analysis.Syntax, analysis);
        }

        foreach (var analysis in new[] { Analysis }.Concat(Open))
        {
            foreach (var path in analysis.Imports.Keys)
            {
                if (!files.ContainsKey(path) && analysis.SyntaxOf(path) is { } index)
                {
                    files[path] = (index, analysis);
                }
            }
        }

        return files.Values.ToList();
    }

    public string Path => Analysis.Path;

    public SyntaxIndex Syntax => Analysis.Syntax;

    /// <summary>The document's own analysis first, then its importers'.</summary>
    public IEnumerable<DocumentAnalysis> All => new[] { Analysis }.Concat(Importers);

    /// <summary>What the statement at this place became, in every compilation that reaches it.</summary>
    public IReadOnlyList<LayerInstance> InstancesAt(Position position) =>
        All.SelectMany(a => a.InstancesAt(Path, position)).ToList();

    /// <summary>The module nodes of a block's calls, with their networks, in every compilation that reaches it.</summary>
    public IReadOnlyList<(NetworkIr Network, IrNode Node)> BlockInstances(string block) =>
        All.SelectMany(a => a.Instances.InstancesOf(block)).ToList();
}

/// <summary>The user's choices, from the client's initialization options.</summary>
public sealed record FeatureOptions(bool InlayHints)
{
    public static readonly FeatureOptions Default = new(InlayHints: true);
}
