using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Services;
using Inception.Compiler.Syntax;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>
/// The output shape at the end of each layer, block call and structure (<c>→ 768x17x17</c>). Inside a block
/// called with different shapes, the distinct shapes of its instances, compactly (<c>→ 256x35x35 | 288x35x35</c>).
/// </summary>
public static class InlayHintsFeature
{
    /// <summary>Distinct shapes shown in one hint; more are counted.</summary>
    public const int MaxShapes = 3;

    public static IReadOnlyList<InlayHint> InlayHints(DocumentContext context, Position from, Position to)
    {
        var hints = new List<InlayHint>();
        if (!context.Options.InlayHints)
        {
            return hints;
        }


        foreach (var statement in context.Syntax.Statements)
        {
            var at = statement.BodyEnd ?? statement.HeadEnd;
            if (!SyntaxIndex.Within(at, from, to) || !Shows(statement.Statement))
            {
                continue;
            }

            var instances = context.InstancesAt(statement.Anchor);
            if (instances.Count == 0)
            {
                continue;
            }

            var label = Label(instances.Select(i => i.Output.ToString()).ToList());
            var where = instances.Count == 1 ? string.Empty : $"{instances.Count} instances: " + string.Join(", ", instances.Take(HoverFeature.MaxRows).Select(i => $"{i.Where} {i.Output}"));
            hints.Add(new InlayHint(Lsp.ToLsp(at), label, LspKinds.InlayHintType, PaddingLeft: true, Tooltip: where.Length == 0 ? null : MarkupContent.Markdown(where)));
        }

        return hints.OrderBy(h => h.Position.Line).ThenBy(h => h.Position.Character).ToList();
    }

    /// <summary><c>→ 768x17x17</c>; with several distinct shapes, each once, in order, then how many more.</summary>
    public static string Label(IReadOnlyList<string> shapes)
    {
        var distinct = shapes.Distinct().ToList();
        var shown = string.Join(" | ", distinct.Take(MaxShapes));
        return "→ " + shown + (distinct.Count > MaxShapes ? $" | +{distinct.Count - MaxShapes}" : string.Empty);
    }

    private static bool Shows(StatementSyntax statement) => statement switch
    {
        OperationStatement { Operation.Text: "input" or "classes" or "expect" or "shortcut" } => false,
        OperationStatement => true,
        CallStatement => true,
        FactorizeStatement => true,
        SequenceStatement { Name: not null } => true,
        _ => false,
    };
}
