using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Inception.Compiler.Analysis;
using Inception.Compiler.IR;
using Inception.Compiler.Text;

namespace Inception.Compiler.Emit;

/// <summary>
/// Per-layer parameter and MAC reports. Conventions, printed with every report: parameters include auxiliary
/// heads (and are also given without them); MACs count conv + linear multiply-adds of the inference path,
/// auxiliary heads excluded; FLOPs = 2 x MACs.
/// </summary>
public static class StatsEmitter
{
    public const string MacsConvention = "conv + linear multiply-accumulates of the inference path, auxiliary heads excluded";
    public const string ParametersConvention = "all trainable parameters, auxiliary heads included";

    public static string Emit(NetworkIr network, StatsFormat format, int? depth = null) => format switch
    {
        StatsFormat.Json => Json(network, depth),
        StatsFormat.Csv => Csv(network, depth),
        StatsFormat.Markdown => Markdown(network, depth),
        _ => Table(network, depth),
    };

    public static string Json(NetworkIr network, int? depth)
    {
        var json = new JsonWriter();
        json.BeginObject();
        NetworkSummary.Write(json, network);
        json.BeginObject("conventions");
        json.Property("parameters", ParametersConvention);
        json.Property("macs", MacsConvention);
        json.Property("flops", "2 x macs");
        json.EndObject();
        json.BeginArray("aux_heads");
        foreach (var head in network.AuxHeads)
        {
            json.BeginObject();
            json.Property("path", head.Path);
            json.Property("loss_weight", head.LossWeight);
            json.Property("parameters", head.Parameters);
            json.Property("macs", head.Macs);
            json.EndObject();
        }

        json.EndArray();
        json.BeginArray("layers");
        foreach (var node in StatsRows.Frontier(network, depth))
        {
            json.BeginObject();
            json.Property("path", node.Path);
            json.Property("op", node.Op.Keyword);
            json.Property("detail", node.Detail);
            json.Numbers("input", Dims(node.Input));
            json.Numbers("output", Dims(node.Output));
            json.Property("parameters", node.Parameters);
            json.Property("macs", node.Macs);
            json.Property("auxiliary", node.Auxiliary);
            json.Property("line", node.Location.Line);
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        return json + "\n";
    }

    public static string Csv(NetworkIr network, int? depth)
    {
        var text = new StringBuilder("path,op,detail,output,parameters,macs,auxiliary,line\n");
        foreach (var node in StatsRows.Frontier(network, depth))
        {
            text.Append(string.Join(",", new[]
            {
                CsvField(node.Path), CsvField(node.Op.Keyword), CsvField(node.Detail), node.Output.ToString(),
                Invariant(node.Parameters), Invariant(node.Macs), node.Auxiliary ? "true" : "false", Invariant(node.Location.Line),
            })).Append('\n');
        }

        return text.ToString();
    }

    public static string Markdown(NetworkIr network, int? depth)
    {
        var text = new StringBuilder();
        text.Append("### ").Append(network.Name).Append(" (").Append(network.Input).Append(", ").Append(Invariant(network.Classes)).Append(" classes)\n\n");
        text.Append("| Layer | Op | Output | Params | MACs | % MACs |\n|---|---|---|---:|---:|---:|\n");
        foreach (var node in StatsRows.Tree(network, depth))
        {
            var name = node.Kind == IrKind.Module ? $"**{node.Path}**" : $"`{node.Path}`";
            text.Append("| ").Append(name).Append(" | ").Append(Op(node)).Append(" | ").Append(node.Output)
                .Append(" | ").Append(Numbers.Group(node.Parameters)).Append(" | ").Append(Numbers.Group(node.Macs))
                .Append(" | ").Append(Share(node, network)).Append(" |\n");
        }

        text.Append('\n');
        foreach (var line in Totals(network))
        {
            text.Append("- ").Append(line).Append('\n');
        }

        return text.ToString();
    }

    public static string Table(NetworkIr network, int? depth)
    {
        var rows = StatsRows.Tree(network, depth)
            .Select(n => new[] { new string(' ', 2 * (n.Depth - 1)) + n.Path, Op(n, compact: true), n.Output.ToString(), Numbers.Group(n.Parameters), Numbers.Group(n.Macs), Share(n, network) })
            .ToList();
        var header = new[] { "Layer", "Op", "Output", "Params", "MACs", "% MACs" };
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Concat(new[] { header[i].Length }).Max()).ToArray();
        var rightAligned = new[] { false, false, false, true, true, true };
        var text = new StringBuilder();
        text.Append(network.Name).Append(": input ").Append(network.Input).Append(", ").Append(Invariant(network.Classes)).Append(" classes (").Append(network.SourcePath).Append(")\n");
        var rule = new string('-', widths.Sum() + (2 * (widths.Length - 1)));
        text.Append(rule).Append('\n').Append(Row(header, widths, rightAligned)).Append('\n').Append(rule).Append('\n');
        foreach (var row in rows)
        {
            text.Append(Row(row, widths, rightAligned)).Append('\n');
        }

        text.Append(rule).Append('\n');
        foreach (var line in TableTotals(network))
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The totals with their conventions, one fact per line so that they stay as narrow as the table.</summary>
    private static IEnumerable<string> TableTotals(NetworkIr network)
    {
        var heads = network.AuxHeads.Count;
        yield return $"Parameters: {Numbers.Group(network.Parameters),15}, auxiliary heads included";
        if (heads > 0)
        {
            yield return $"            {Numbers.Group(network.Parameters - network.AuxParameters),15} without the {Invariant(heads)} auxiliary head{(heads == 1 ? string.Empty : "s")}, which hold {Numbers.Group(network.AuxParameters)}";
        }

        yield return $"MACs:       {Numbers.Group(network.Macs),15} = {Giga(network.Macs)} G, auxiliary heads excluded";
        yield return $"FLOPs:      {Numbers.Group(network.Flops),15} = {Giga(network.Flops)} G (2 x MACs)";
        foreach (var head in network.AuxHeads)
        {
            yield return $"Auxiliary head {head.Path} (training only): loss weight {head.LossWeight.ToString(CultureInfo.InvariantCulture)}, {Numbers.Group(head.Macs)} MACs";
        }

        yield return $"Parameters count {ParametersConvention}.";
        yield return $"MACs count {MacsConvention}.";
    }

    private static IEnumerable<string> Totals(NetworkIr network)
    {
        yield return $"Parameters: {Numbers.Group(network.Parameters)} ({ParametersConvention}); {Numbers.Group(network.Parameters - network.AuxParameters)} without the {Invariant(network.AuxHeads.Count)} auxiliary head(s), which hold {Numbers.Group(network.AuxParameters)}";
        yield return $"MACs: {Numbers.Group(network.Macs)} = {Giga(network.Macs)} G ({MacsConvention}); FLOPs = 2 x MACs = {Giga(network.Flops)} G";
        if (network.AuxHeads.Count > 0)
        {
            var heads = string.Join(", ", network.AuxHeads.Select(h => $"{h.Path} (loss weight {h.LossWeight.ToString(CultureInfo.InvariantCulture)}, {Numbers.Group(h.Macs)} MACs)"));
            yield return $"Auxiliary heads, training only: {heads}";
        }
    }

    private static string Row(string[] cells, int[] widths, bool[] rightAligned) =>
        string.Join("  ", cells.Select((c, i) => rightAligned[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();

    /// <param name="compact">
    /// For the terminal table: a block call as it is written in .incept, its values in order
    /// (<c>inception(64, 96, 128, 16, 32, 32)</c>), which keeps GoogLeNet's table within 120 columns; the
    /// other formats name each parameter.
    /// </param>
    private static string Op(IrNode node, bool compact = false)
    {
        var op = node.Op switch
        {
            BlockOp block when compact => block.Keyword + "(" + string.Join(", ", block.Values) + ")",
            BlockOp or NetworkOp => node.Op.Keyword + "(" + node.Detail + ")",
            _ => node.Detail.Length == 0 ? node.Op.Keyword : node.Op.Keyword + " " + node.Detail,
        };
        return node.Auxiliary && node.Op is not AuxHeadOp ? op + " [aux]" : op;
    }

    private static string Share(IrNode node, NetworkIr network) =>
        node.Auxiliary || network.ShareOf(node.Macs) is not { } share ? "-" : (100.0 * share).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>[C, H, W] for a map, [F] for flat features: the tensor's shape without the batch dimension.</summary>
    private static int[] Dims(Shape shape) => shape.Flat ? new[] { shape.Channels } : new[] { shape.Channels, shape.Height, shape.Width };

    private static string Giga(long value) => (value / 1e9).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string CsvField(string value) =>
        value.IndexOfAny(new[] { ',', '"', '\n' }) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
