using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Inception.Compiler.Analysis.Diff;
using Inception.Compiler.IR;


using Inception.Compiler.Text;

namespace Inception.Compiler.Emit;

/// <summary>
/// Reports of an architecture diff: a terminal table (coloured on request), Markdown for a pull-request
/// comment, and JSON. Parameter totals are given with and without auxiliary heads; MACs follow the stats
/// convention (conv + linear multiply-accumulates of the inference path, auxiliary heads excluded).
/// </summary>
public static class DiffEmitter
{
    public static string Table(NetworkDiff diff, int? depth, bool all, bool color)
    {
        var rows = diff.Visible(depth, all).Select(r => new[]
        {
            Marker(r.Status) + " " + new string(' ', 2 * (r.Depth - 1)) + r.Path,
            Describe(r.Left),
            Describe(r.Right),
            Signed(r.ParameterDelta),
            r.Auxiliary ? "(aux) " + Signed(r.MacDelta) : Signed(r.MacDelta),
        }).ToList();
        var header = new[] { "  Layer", "Left", "Right", "Params delta", "MACs delta" };
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Concat(new[] { header[i].Length }).Max()).ToArray();
        var statuses = diff.Visible(depth, all).Select(r => r.Status).ToList();

        var text = new StringBuilder();
        text.Append("diff ").Append(Side(diff.Left)).Append(" -> ").Append(Side(diff.Right)).Append('\n');
        if (diff.AreEqual)
        {
            return text.Append("The architectures are equal.\n").Append(string.Join("\n", Totals(diff))).Append('\n').ToString();
        }

        text.Append(Row(header, widths)).Append('\n');
        for (var i = 0; i < rows.Count; i++)
        {
            var line = Row(rows[i], widths);
            text.Append(color ? Colored(statuses[i], line) : line).Append('\n');
        }

        foreach (var line in Totals(diff))
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    public static string Markdown(NetworkDiff diff, int? depth, bool all)
    {
        var text = new StringBuilder();
        text.Append("### ").Append(Side(diff.Left)).Append(" -> ").Append(Side(diff.Right)).Append("\n\n");
        if (diff.AreEqual)
        {
            text.Append("The architectures are equal.\n\n");
        }
        else
        {
            text.Append("| | Layer | Left | Right | Params delta | MACs delta |\n|---|---|---|---|---:|---:|\n");
            foreach (var row in diff.Visible(depth, all))
            {
                var name = row.IsModule ? $"**{row.Path}**" : $"`{row.Path}`";
                text.Append("| ").Append(Marker(row.Status)).Append(" | ").Append(name)
                    .Append(" | ").Append(Describe(row.Left)).Append(" | ").Append(Describe(row.Right))
                    .Append(" | ").Append(Signed(row.ParameterDelta)).Append(" | ").Append((row.Auxiliary ? "(aux) " : string.Empty) + Signed(row.MacDelta)).Append(" |\n");
            }

            text.Append('\n');
        }

        foreach (var line in Totals(diff))
        {
            text.Append("- ").Append(line).Append('\n');
        }

        return text.ToString();
    }

    public static string Json(NetworkDiff diff, int? depth, bool all)
    {
        var json = new JsonWriter();
        json.BeginObject();
        json.Property("equal", diff.AreEqual);
        Network(json, "left", diff.Left);
        Network(json, "right", diff.Right);
        json.BeginObject("delta");
        json.Property("parameters", diff.Right.Parameters - diff.Left.Parameters);
        json.Property("parameters_without_aux", (diff.Right.Parameters - diff.Right.AuxParameters) - (diff.Left.Parameters - diff.Left.AuxParameters));
        json.Property("macs", diff.Right.Macs - diff.Left.Macs);
        json.EndObject();
        json.BeginArray("rows");
        foreach (var row in diff.Visible(depth, all))
        {
            json.BeginObject();
            json.Property("status", row.Status.ToString().ToLowerInvariant());
            json.Property("kind", row.IsModule ? "module" : "layer");
            json.Property("depth", row.Depth);
            json.Property("auxiliary", row.Auxiliary);
            Node(json, "left", row.Left);
            Node(json, "right", row.Right);
            json.Property("parameters_delta", row.ParameterDelta);
            json.Property("macs_delta", row.MacDelta);
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        return json + "\n";
    }

    private static void Network(JsonWriter json, string name, NetworkIr network)
    {
        json.BeginObject(name);
        NetworkSummary.Write(json, network);
        json.EndObject();
    }

    private static void Node(JsonWriter json, string name, IrNode? node)
    {
        if (node is null)
        {
            return;
        }

        json.BeginObject(name);
        json.Property("path", node.Path);
        json.Property("op", node.Op.Keyword);
        json.Property("detail", node.Detail);
        json.Numbers("output", new[] { node.Output.Channels, node.Output.Height, node.Output.Width });
        json.Property("parameters", node.Parameters);
        json.Property("macs", node.Macs);
        json.EndObject();
    }

    private static IEnumerable<string> Totals(NetworkDiff diff)
    {
        var left = diff.Left;
        var right = diff.Right;
        yield return "Parameters: " + Change(left.Parameters, right.Parameters) + " (auxiliary heads included)";
        yield return "Parameters without auxiliary heads: " + Change(left.Parameters - left.AuxParameters, right.Parameters - right.AuxParameters);
        yield return "MACs: " + Change(left.Macs, right.Macs) + " (conv + linear, inference path, auxiliary heads excluded)";
        var counts = diff.Rows.Where(r => !r.IsModule).GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        yield return string.Format(
            CultureInfo.InvariantCulture,
            "Layers: {0} changed, {1} added, {2} removed, {3} the same",
            counts.TryGetValue(DiffStatus.Changed, out var changed) ? changed : 0,
            counts.TryGetValue(DiffStatus.Added, out var added) ? added : 0,
            counts.TryGetValue(DiffStatus.Removed, out var removed) ? removed : 0,
            counts.TryGetValue(DiffStatus.Same, out var same) ? same : 0);
    }

    private static string Change(long left, long right)
    {
        var percent = left == 0 ? string.Empty : ", " + (100.0 * (right - left) / left).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + "%";
        return $"{Numbers.Group(left)} -> {Numbers.Group(right)} ({Signed(right - left)}{percent})";
    }

    private static string Side(NetworkIr network) => $"{network.Name} ({network.SourcePath})";

    private static string Describe(IrNode? node)
    {
        if (node is null)
        {
            return "-";
        }

        // A module's arguments show up as its changed layers below it; its name and shape are enough here.
        var op = node.Kind == IrKind.Module ? node.Op.Keyword : (node.Op.Keyword + " " + node.Detail).Trim();
        return $"{op} -> {node.Output}";
    }

    private static string Marker(DiffStatus status) => status switch
    {
        DiffStatus.Changed => "~",
        DiffStatus.Added => "+",
        DiffStatus.Removed => "-",
        _ => "=",
    };

    private static string Colored(DiffStatus status, string line) => status switch
    {
        DiffStatus.Changed => "\u001b[33m" + line + "\u001b[0m",
        DiffStatus.Added => "\u001b[32m" + line + "\u001b[0m",
        DiffStatus.Removed => "\u001b[31m" + line + "\u001b[0m",
        _ => line,
    };

    private static string Row(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i >= 3 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();

    private static string Signed(long value) => value == 0 ? "0" : value.ToString("+#,0;-#,0", CultureInfo.InvariantCulture);

}
