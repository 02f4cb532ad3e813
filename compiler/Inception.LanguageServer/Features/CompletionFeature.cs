using System.Collections.Generic;
using System.IO;
using System.Linq;
using Inception.Compiler.Ops;
using Inception.Compiler.Semantics;
using Inception.Compiler.Services;
using Inception.Compiler.Syntax;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>
/// Completion from the language's own schema: statement keywords and ops where a statement starts, the options
/// of the op under the cursor with their defaults and docs, the values of an enumerated option, block names with
/// a snippet of their parameters, the parameters in scope, and <c>import</c> paths.
/// </summary>
public static class CompletionFeature
{
    public static readonly IReadOnlyList<CompletionItem> TopLevelKeywords = new[]
    {
        Snippet("block", "block ${1:name}(${2:width}) {\n\t$0\n}", "a reusable, parameterized module"),
        Snippet("network", "network ${1:Name} {\n\tinput ${2:3x224x224}\n\tclasses ${3:1000}\n\t$0\n}", "a network with its input shape and class count"),
        Snippet("import", "import \"${1:blocks.incept}\"", "bring the blocks and defaults of another file into scope"),
        Snippet("defaults", "defaults {\n\t${1:conv bias=false bn=true eps=0.001 relu=true}\n}", "option values every later layer of an op starts from"),
    };

    public static readonly IReadOnlyList<CompletionItem> StatementKeywords = new[]
    {
        Snippet("concat", "concat {\n\t$0\n}", "branches on one input, concatenated along channels"),
        Snippet("reduce_grid", "reduce_grid {\n\t$0\n}", "stride-2 branches beside a pool, concatenated: halves the grid"),
        Snippet("residual", "residual scale=${1:1.0} {\n\t$0\n}", "out = relu(shortcut(x) + scale * body(x))"),
        Snippet("aux_head", "aux_head weight=${1:0.3} {\n\t$0\n}", "an auxiliary classifier from this point, training only, with its loss weight"),
        Snippet("factorize", "factorize ${1:7} -> ${2:1x7}, ${3:7x1} to ${4:c}, ${5:c}", "an n x n convolution as a chain of smaller ones"),
        Snippet("expect", "expect ${1:768x17x17}", "a shape assertion the compiler checks"),
        Snippet("input", "input ${1:3x224x224}", "the network's input shape, CxHxW"),
        Snippet("classes", "classes ${1:1000}", "the network's class count"),
    };

    public static CompletionList Complete(DocumentContext context, Position position)
    {
        var at = CompletionContext.At(context.Syntax, position);
        var block = context.Syntax.DeclarationAt(position)?.Declaration as BlockDeclaration;
        switch (at.Place)
        {
            case CompletionPlace.ImportPath:
                return new CompletionList(false, ImportPaths(context.Path, at.Typed));

            case CompletionPlace.TopLevel:
                return new CompletionList(false, TopLevelKeywords);

            case CompletionPlace.CallArguments:
                {
                    var items = new List<CompletionItem>();
                    if (context.Analysis.FindBlock(at.Callee!) is { } found)
                    {
                        items.AddRange(found.Block.Parameters.Select(p => Option(
                            p.Name.Text,
                            LspKinds.CompletionField,
                            $"parameter of {at.Callee}" + (p.Default is null ? string.Empty : $" (default {p.Default})"))));
                    }

                    items.AddRange(Parameters(block));
                    return new CompletionList(false, items);
                }

            case CompletionPlace.OptionValue:
                {
                    var spec = SemanticFacts.Option(at.Operation!, at.Option!);
                    var items = (spec?.Values ?? []).Select(v => new CompletionItem(v, LspKinds.CompletionValue, $"{spec!.Name}={v}", SortText: "0" + v)).ToList();
                    items.AddRange(Parameters(block));
                    return new CompletionList(false, items);
                }

            case CompletionPlace.StatementStart:
                {
                    var items = StatementItems(context, context.Syntax.DeclarationAt(position)?.Declaration is DefaultsDeclaration)
                        .Where(i => i.Label.StartsWith(at.Typed, System.StringComparison.OrdinalIgnoreCase))
                        .ToList();

                    // A file with thousands of blocks: the client asks again as the word grows.
                    return items.Count > MaxItems ? new CompletionList(true, items.Take(MaxItems).ToList()) : new CompletionList(false, items);
                }

            case CompletionPlace.Options:
                {
                    var written = at.Written ?? [];
                    var items = SemanticFacts.OptionSpecs(at.Operation!)
                        .Where(o => !written.Contains(o.Name))
                        .Select(o => Option(
                            o.Name,
                            LspKinds.CompletionProperty,
                            o.Default == "(required)" ? $"{o.Name} (required)" : $"{o.Name} (default {o.Default})",
                            o.Summary.Length == 0 ? null : MarkupContent.Markdown(o.Summary + (o.Values is { } values ? ". Values: " + string.Join(", ", values) : string.Empty))))
                        .ToList();
                    items.AddRange(Parameters(block));
                    return new CompletionList(false, items);
                }

            default:
                return Empty;
        }
    }

    /// <summary>
    /// An option or a named argument: labelled with its name, as clients filter and sort by label, with the
    /// <c>=</c> in the inserted text.
    /// </summary>
    private static CompletionItem Option(string name, int kind, string detail, MarkupContent? documentation = null) =>
        new(name, kind, detail, documentation, InsertText: name + "=", SortText: "0" + name);

    /// <summary>The most items in one answer; a longer list is marked incomplete, so the client asks again as the user types.</summary>
    public const int MaxItems = 200;

    private static readonly CompletionList Empty = new(false, new CompletionItem[0]);

    private static IEnumerable<CompletionItem> StatementItems(DocumentContext context, bool inDefaults)
    {
        var ops = OpCatalog.All.Where(d => !inDefaults || d.TakesDefaults).Select(d => new CompletionItem(
            d.Keyword,
            LspKinds.CompletionFunction,
            d.Synopsis,
            MarkupContent.Markdown(HoverFeature.OpDoc(d)),
            SortText: "1" + d.Keyword));
        if (inDefaults)
        {
            return ops.ToList();
        }

        var blocks = new List<CompletionItem>();
        var seen = new HashSet<string>();
        foreach (var (file, _) in context.VisibleFiles().Where(f => f.File.Path == context.Path || context.Analysis.Imports.ContainsKey(f.File.Path)))
        {
            foreach (var declaration in file.Source.Syntax.Declarations.OfType<BlockDeclaration>().Where(d => seen.Add(d.Name.Text)))
            {
                var required = declaration.Parameters.Where(p => p.Default is null).ToList();
                var snippet = declaration.Name.Text + "(" + string.Join(", ", required.Select((p, i) => $"${{{i + 1}:{p.Name.Text}}}")) + ")";
                blocks.Add(new CompletionItem(
                    declaration.Name.Text,
                    LspKinds.CompletionClass,
                    "block " + HoverFeature.Signature(declaration.Name.Text, declaration),
                    InsertText: snippet,
                    InsertTextFormat: LspKinds.InsertSnippet,
                    SortText: "2" + declaration.Name.Text));
            }
        }

        return ops.Concat(StatementKeywords).Concat(blocks).ToList();
    }

    private static IEnumerable<CompletionItem> Parameters(BlockDeclaration? block) =>
        (block?.Parameters.Select(p => p.Name.Text) ?? Enumerable.Empty<string>())
            .Select(p => new CompletionItem(p, LspKinds.CompletionVariable, $"parameter of {block!.Name.Text}", SortText: "1" + p))
            .Append(new CompletionItem("classes", LspKinds.CompletionVariable, "the network's class count", SortText: "3classes"));

    private static IReadOnlyList<CompletionItem> ImportPaths(string documentPath, string typed)
    {
        var folder = Path.GetDirectoryName(documentPath);
        if (!Path.IsPathRooted(documentPath) || folder is null || !Directory.Exists(folder))
        {
            return new CompletionItem[0];
        }

        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2, IgnoreInaccessible = true };
            return Directory.EnumerateFiles(folder, "*.incept", options)
                .Where(f => !string.Equals(Path.GetFullPath(f), Path.GetFullPath(documentPath), System.StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
                .OrderBy(f => f, System.StringComparer.Ordinal)
                .Take(200)
                .Select(f => new CompletionItem(f, LspKinds.CompletionFile, "import", SortText: f))
                .ToList();
        }
        catch (IOException)
        {
            return new CompletionItem[0];
        }
        catch (System.UnauthorizedAccessException)
        {
            return new CompletionItem[0];
        }
    }

    private static CompletionItem Snippet(string label, string snippet, string detail) =>
        new(label, LspKinds.CompletionKeyword, detail, InsertText: snippet, InsertTextFormat: LspKinds.InsertSnippet, SortText: "0" + label);
}
