using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Syntax;
using Inception.Compiler.Text;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>Above each block its instances and cost; above each network its totals, with and without auxiliary heads.</summary>
public static class CodeLensFeature
{
    public const string ShowStatsCommand = "incept.showStats";

    public static IReadOnlyList<CodeLens> CodeLenses(DocumentContext context)
    {
        var lenses = new List<CodeLens>();
        foreach (var declaration in context.Syntax.Declarations)
        {
            var range = Lsp.Range(declaration.Start, declaration.HeadEnd);
            switch (declaration.Declaration)
            {
                case BlockDeclaration block:
                    lenses.Add(new CodeLens(range, new Command(BlockTitle(context, block.Name.Text), string.Empty)));
                    break;
                case NetworkDeclaration network when context.Analysis.Instances.Network(network.Name.Text) is { } ir:
                    var title = $"{Numbers.Group(ir.Parameters - ir.AuxParameters)} parameters ({Numbers.Group(ir.Parameters)} with auxiliary heads) · {Numbers.Short(ir.Macs)} MACs · {ir.Input} → {ir.Classes} classes";
                    lenses.Add(new CodeLens(range, new Command(title, ShowStatsCommand, new object[] { DocumentUris.ToUri(context.Path) })));
                    break;
            }
        }

        return lenses;
    }

    private static string BlockTitle(DocumentContext context, string block)
    {
        var instances = context.BlockInstances(block);
        if (instances.Count == 0)
        {
            return "no instances in the open files";
        }

        var parameters = instances.Select(i => i.Node.Parameters).ToList();
        var macs = instances.Select(i => i.Node.Macs).ToList();
        var count = instances.Count == 1 ? "1 instance" : $"{instances.Count} instances";
        return $"{count} · {Span(parameters, Numbers.Group)} parameters · {Span(macs, Numbers.Short)} MACs" + (instances.Count > 1 ? " each" : string.Empty);
    }

    private static string Span(IReadOnlyList<long> values, System.Func<long, string> format) =>
        values.Min() == values.Max() ? format(values[0]) : format(values.Min()) + " to " + format(values.Max());
}
