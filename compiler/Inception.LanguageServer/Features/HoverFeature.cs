using System.Collections.Generic;
using System.Linq;
using System.Text;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;
using Inception.Compiler.Services;
using Inception.Compiler.Syntax;
using Inception.Compiler.Text;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>
/// What the compiler knows at a place, in Markdown: a layer with every option resolved and its shapes and costs
/// in each instance; a block call or definition with its arguments and instances; a network's totals; an
/// auxiliary head's loss weight; a width expression's value. Counts say their convention: parameters are
/// trainable parameters, MACs conv and linear multiply-accumulates.
/// </summary>
public static class HoverFeature
{
    /// <summary>Instances listed in one hover; a block called more often is summarized after these.</summary>
    public const int MaxRows = 12;

    public static Hover? Hover(DocumentContext context, Position position)
    {
        var syntax = context.Syntax;
        var occurrence = syntax.OccurrenceAt(position);
        if (occurrence is not null)
        {
            var text = occurrence.Kind switch
            {
                SymbolKind.Block when occurrence.IsDefinition => BlockDefinition(context, occurrence.Name),
                SymbolKind.Block => StatementHover(context, syntax.StatementAt(position)),
                SymbolKind.Network => Network(context, occurrence.Name),
                SymbolKind.Parameter => Parameter(context, occurrence),
                SymbolKind.Option => Option(context, occurrence, position),
                SymbolKind.Keyword when occurrence.Name == "network" => Network(context, syntax.DeclarationAt(position)?.Name),
                SymbolKind.Keyword when occurrence.Name == "block" => BlockDefinition(context, syntax.DeclarationAt(position)?.Name),
                _ => StatementHover(context, syntax.StatementAt(position)),
            };
            return text is null ? null : new Hover(MarkupContent.Markdown(text), Lsp.Range(occurrence));
        }

        if (syntax.ExpressionAt(position) is { } expression)
        {
            var text = Expression(context, expression);
            if (text is not null)
            {
                return new Hover(MarkupContent.Markdown(text), Lsp.Range(expression.Start, expression.End));
            }
        }

        if (syntax.StatementAt(position) is { } statement && StatementHover(context, statement) is { } hover)
        {
            return new Hover(MarkupContent.Markdown(hover), Lsp.Range(statement.Start, statement.HeadEnd));
        }

        return null;
    }

    private static string? StatementHover(DocumentContext context, StatementEntry? statement)
    {
        if (statement is null)
        {
            return null;
        }

        var instances = context.InstancesAt(statement.Anchor);
        return statement.Statement switch
        {
            CallStatement call => Call(context, call, instances),
            OperationStatement { Operation.Text: "aux_head" } => AuxHead(context, statement, instances),
            OperationStatement { Operation.Text: "input" or "classes" } when statement.Network is { } network => Network(context, network),
            _ => Layer(context, statement, instances),
        };
    }

    private static string? Layer(DocumentContext context, StatementEntry statement, IReadOnlyList<LayerInstance> instances)
    {
        var text = new StringBuilder();
        text.Append("```incept\n").Append(Written(context, statement)).Append("\n```\n");
        var definition = statement.Statement switch
        {
            OperationStatement operation => OpCatalog.Find(operation.Operation.Text),
            FactorizeStatement => Conv.Instance,
            _ => null,
        };
        if (instances.Count == 0)
        {
            if (definition is not null)
            {
                text.Append('\n').Append(OpDoc(definition));
            }

            text.Append(NoShapes(context, statement));
            return text.ToString();
        }

        var first = instances[0];
        var layers = first.Nodes.Where(n => n.Kind == IrKind.Layer).ToList();
        if (layers.Count > 0)
        {
            text.Append('\n');
            if (instances.Count > 1)
            {
                text.Append("In `").Append(first.Where).Append("` (widths differ per instance, below):  \n");
            }

            foreach (var layer in layers)
            {
                text.Append('`').Append(layer.Op.Keyword).Append(' ').Append(layer.Detail).Append('`');
                if (layer.Op is LayerOp op && op.Definition.ResolvedOptions(op).ToList() is { Count: > 0 } resolved)
                {
                    text.Append(": ").Append(string.Join(" ", resolved.Select(o => o.Key + "=" + o.Value)));
                }

                text.Append("  \n");
            }
        }

        if (definition is not null)
        {
            text.Append('\n').Append(definition.Summary).Append('\n');
        }

        text.Append('\n').Append(InstanceTable(instances));
        return text.ToString();
    }

    private static string InstanceTable(IReadOnlyList<LayerInstance> instances)
    {
        var text = new StringBuilder();
        text.Append("| in | input | output | parameters | MACs | share of MACs |\n|---|---|---|---:|---:|---:|\n");
        foreach (var instance in instances.Take(MaxRows))
        {
            var network = instance.Network;
            var share = instance.Auxiliary ? "training only" : Numbers.Percent(network.ShareOf(instance.Macs));
            text.Append("| ").Append(instance.Where).Append(" | ").Append(instance.Input).Append(" | ").Append(instance.Output)
                .Append(" | ").Append(Numbers.Group(instance.Parameters)).Append(" | ").Append(Numbers.Group(instance.Macs))
                .Append(" | ").Append(share).Append(" |\n");
        }

        if (instances.Count > MaxRows)
        {
            text.Append("\n... and ").Append(instances.Count - MaxRows).Append(" more instances\n");
        }

        return text.ToString();
    }

    private static string NoShapes(DocumentContext context, StatementEntry statement) =>
        context.Analysis.Compilation.HasErrors
            ? "\n_Shapes appear when the file has no errors._"
            : statement.Block is { } block ? $"\n_Block `{block}` is not called by any network in an open file._" : string.Empty;

    private static string Call(DocumentContext context, CallStatement call, IReadOnlyList<LayerInstance> instances)
    {
        var text = new StringBuilder();
        var found = context.Analysis.FindBlock(call.Callee.Text);
        text.Append("```incept\nblock ").Append(Signature(call.Callee.Text, found?.Block)).Append("\n```\n");
        foreach (var instance in instances)
        {
            if (instance.First.Op is BlockOp block)
            {
                text.Append("\n**").Append(instance.First.Path).Append("** = `").Append(block.BlockName).Append('(')
                    .Append(string.Join(", ", block.Parameters.Select((p, i) => p + "=" + block.Values[i]))).Append(")`: ")
                    .Append(instance.Input).Append(" → **").Append(instance.Output).Append("**, ")
                    .Append(Numbers.Group(instance.Parameters)).Append(" parameters, ").Append(Numbers.Group(instance.Macs)).Append(" MACs")
                    .Append(instance.Auxiliary ? " (training only)" : " (" + Numbers.Percent(instance.Network.ShareOf(instance.Macs)) + " of the network's)")
                    .Append('\n');
            }
        }

        return text.ToString();
    }

    private static string? BlockDefinition(DocumentContext context, string? name)
    {
        if (name is null || context.Analysis.FindBlock(name) is not { } found)
        {
            return null;
        }

        var text = new StringBuilder();
        text.Append("```incept\nblock ").Append(Signature(name, found.Block)).Append("\n```\n");
        var instances = context.BlockInstances(name);
        if (instances.Count == 0)
        {
            text.Append("\n_No network in an open file calls it._\n");
            return text.ToString();
        }

        text.Append('\n').Append(instances.Count).Append(instances.Count == 1 ? " instance" : " instances").Append(":\n\n");
        text.Append("| instance | arguments | input | output | parameters | MACs |\n|---|---|---|---|---:|---:|\n");
        foreach (var (_, node) in instances.Take(MaxRows))
        {
            var block = node.Op as BlockOp ?? (BlockOp)((AuxHeadOp)node.Op).Body;
            text.Append("| ").Append(node.Path).Append(" | ").Append(string.Join(", ", block.Parameters.Select((p, i) => p + "=" + block.Values[i])))
                .Append(" | ").Append(node.Input).Append(" | ").Append(node.Output).Append(" | ")
                .Append(Numbers.Group(node.Parameters)).Append(" | ").Append(Numbers.Group(node.Macs)).Append(" |\n");
        }

        if (instances.Count > MaxRows)
        {
            text.Append("\n... and ").Append(instances.Count - MaxRows).Append(" more\n");
        }

        return text.ToString();
    }

    private static string? Network(DocumentContext context, string? name)
    {
        var network = name is null ? null : context.Analysis.Instances.Network(name);
        if (network is null)
        {
            return name is null ? null : $"```incept\nnetwork {name}\n```\n" + "\n_Totals appear when the file has no errors._";
        }

        var inference = network.Parameters - network.AuxParameters;
        var text = new StringBuilder();
        text.Append("```incept\nnetwork ").Append(network.Name).Append("\n```\n\n")
            .Append("input ").Append(network.Input).Append(", ").Append(Numbers.Group(network.Classes)).Append(" classes\n\n")
            .Append("| | parameters | MACs |\n|---|---:|---:|\n")
            .Append("| inference (without auxiliary heads) | ").Append(Numbers.Group(inference)).Append(" | ").Append(Numbers.Group(network.Macs)).Append(" (").Append(Numbers.Short(network.Macs)).Append(") |\n")
            .Append("| with auxiliary heads | ").Append(Numbers.Group(network.Parameters)).Append(" | ").Append(Numbers.Group(network.Macs + network.AuxMacs)).Append(" |\n\n")
            .Append("MACs: conv and linear multiply-accumulates per image; FLOPs = 2 × MACs = ").Append(Numbers.Short(network.Flops)).Append(".\n");
        foreach (var head in network.AuxHeads)
        {
            text.Append("\nAuxiliary head `").Append(head.Path).Append("`: loss weight ").Append(Numbers.Value(head.LossWeight)).Append(", ")
                .Append(Numbers.Group(head.Parameters)).Append(" parameters, training only.\n");
        }

        return text.ToString();
    }

    private static string AuxHead(DocumentContext context, StatementEntry statement, IReadOnlyList<LayerInstance> instances)
    {
        var text = new StringBuilder();
        text.Append("```incept\n").Append(Written(context, statement)).Append("\n```\n\n");
        text.Append("An auxiliary classifier: **training only**. Its loss is added to the main loss with its weight; inference does not run it, so its MACs are not in the network's.\n");
        foreach (var instance in instances)
        {
            if (instance.First.Op is AuxHeadOp head)
            {
                text.Append("\n`").Append(instance.First.Path).Append("`: loss weight ").Append(Numbers.Value(head.LossWeight)).Append(", ")
                    .Append(instance.Input).Append(" → ").Append(instance.Output).Append(", ")
                    .Append(Numbers.Group(instance.Parameters)).Append(" parameters, ").Append(Numbers.Group(instance.Macs)).Append(" MACs (training only)\n");
            }
        }

        return text.ToString();
    }

    private static string? Parameter(DocumentContext context, SymbolOccurrence occurrence)
    {
        if (occurrence.Scope is null)
        {
            return null;
        }

        var text = new StringBuilder();
        text.Append("```incept\n").Append(occurrence.Name).Append(" (parameter of block ").Append(occurrence.Scope).Append(")\n```\n");
        var instances = context.BlockInstances(occurrence.Scope);
        if (instances.Count > 0)
        {
            text.Append('\n');
            foreach (var (_, node) in instances.Take(MaxRows))
            {
                var block = node.Op as BlockOp ?? (BlockOp)((AuxHeadOp)node.Op).Body;
                var index = block.Parameters.ToList().IndexOf(occurrence.Name);
                if (index >= 0)
                {
                    text.Append("- `").Append(node.Path).Append("`: ").Append(occurrence.Name).Append(" = ").Append(block.Values[index]).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    private static string? Option(DocumentContext context, SymbolOccurrence occurrence, Position position)
    {
        var definition = occurrence.Scope is null ? null : OpCatalog.Find(occurrence.Scope);
        var spec = definition?.OptionSpecs.FirstOrDefault(o => o.Name == occurrence.Name);
        var text = new StringBuilder();
        if (spec is not null)
        {
            text.Append("```incept\n").Append(occurrence.Scope).Append(' ').Append(spec.Name).Append('=').Append("\n```\n\n")
                .Append(spec.Summary).Append(". Default: ").Append(spec.Default).Append('.');
            if (spec.Values is { } values)
            {
                text.Append(" Values: ").Append(string.Join(", ", values)).Append('.');
            }

            text.Append('\n');
        }

        if (StatementHover(context, context.Syntax.StatementAt(position)) is { } layer)
        {
            text.Append("\n---\n").Append(layer);
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static string? Expression(DocumentContext context, ExpressionEntry expression)
    {
        if (expression.Expression is NumberExpression)
        {
            return null;
        }

        var written = Written(context, expression.Start, expression.End);
        var statement = context.Syntax.Statements.FirstOrDefault(s => ReferenceEquals(s.Statement, expression.Statement));
        var instances = statement is null ? new List<LayerInstance>() : context.InstancesAt(statement.Anchor).ToList();
        if (instances.Count == 0)
        {
            return $"```incept\n{written}\n```\n" + (expression.Block is { } block ? $"\n_Its value depends on the arguments of each call of `{block}`._" : string.Empty);
        }

        var text = new StringBuilder();
        var values = instances.Select(i => (i.Where, Value: WidthEvaluator.Evaluate(expression.Expression, i.Arguments))).ToList();
        if (values.Select(v => v.Value).Distinct().Count() == 1 && values[0].Value is { } only)
        {
            text.Append("```incept\n").Append(written).Append(" = ").Append(Numbers.Value(only)).Append("\n```\n");
            if (instances.Count > 1)
            {
                text.Append("\nin all ").Append(instances.Count).Append(" instances\n");
            }

            return text.ToString();
        }

        text.Append("```incept\n");
        foreach (var (where, value) in values.Take(MaxRows))
        {
            text.Append(written).Append(" = ").Append(value is { } v ? Numbers.Value(v) : "?").Append("    # ").Append(where).Append('\n');
        }

        return text.Append("```\n").ToString();
    }

    /// <summary>An op's synopsis, summary and options, for a layer the IR does not reach.</summary>
    public static string OpDoc(OpDefinition definition)
    {
        var text = new StringBuilder();
        text.Append('`').Append(definition.Synopsis).Append("`\n\n").Append(definition.Summary).Append('\n');
        foreach (var option in definition.OptionSpecs)
        {
            text.Append("\n- `").Append(option.Name).Append("` (default ").Append(option.Default).Append("): ").Append(option.Summary);
        }

        return text.Append('\n').ToString();
    }

    /// <summary><c>name(p1, p2=3)</c>, or the bare name of a block without parameters.</summary>
    public static string Signature(string name, BlockDeclaration? block) =>
        block is null
            ? name + "(...)"
            : block.Parameters.Count == 0
                ? name
                : name + "(" + string.Join(", ", block.Parameters.Select(p => p.Name.Text + (p.Default is null ? string.Empty : "=" + p.Default))) + ")";

    private static string Written(DocumentContext context, StatementEntry statement) => Written(context, statement.Start, statement.HeadEnd);

    private static string Written(DocumentContext context, Position start, Position end)
    {
        var map = context.Syntax.Map;
        var from = map.Offset(start);
        return map.Text.Substring(from, System.Math.Max(0, map.Offset(end) - from)).Trim();
    }
}
