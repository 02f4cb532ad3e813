using System.CommandLine;
using Inception.Compiler.Emit;
using Inception.Compiler.IR;

namespace Inception.Cli;

/// <summary><c>incept stats FILE...</c>: per-layer shapes, parameters and MACs, and the totals.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var files = CommandKit.Files("the .incept files");
        var format = CommandKit.Choice("--format", "table on a terminal, or json, csv or markdown for tools and reports", "table", "json", "csv", "markdown", "md");
        var depth = CommandKit.Depth();
        var network = CommandKit.Network("only the network of this name");
        var command = new Command("stats", "Per-layer output shapes, parameters and MACs (1 MAC = 2 FLOPs), with totals; auxiliary heads are counted apart.")
        {
            files, format, depth, network,
        };
        return command.WithAction((parse, output, error) => Run(
            parse.GetValue(files)!,
            parse.GetValue(format) switch
            {
                "json" => StatsFormat.Json,
                "csv" => StatsFormat.Csv,
                "markdown" or "md" => StatsFormat.Markdown,
                _ => StatsFormat.Table,
            },
            parse.GetValue(depth),
            parse.GetValue(network),
            output,
            error));
    }

    private static int Run(string[] files, StatsFormat format, int? depth, string? wanted, TextWriter output, TextWriter error)
    {
        var networks = new List<NetworkIr>();
        foreach (var path in files)
        {
            var result = SourceFiles.Compile(path, error);
            if (result is null || result.HasErrors)
            {
                return ExitCodes.Errors;
            }

            networks.AddRange(result.Networks.Where(n => wanted is null || n.Name == wanted));
        }

        if (networks.Count == 0)
        {
            throw new UsageException(wanted is null ? "no network in the given files" : $"no network named '{wanted}' in the given files");
        }

        var reports = networks.Select(n => StatsEmitter.Emit(n, format, depth)).ToList();

        // One network gives one JSON object, several a JSON array of them.
        output.Write(format == StatsFormat.Json && reports.Count > 1
            ? "[\n" + string.Join(",\n", reports.Select(r => r.TrimEnd())) + "\n]\n"
            : string.Join("\n", reports));
        return ExitCodes.Success;
    }
}
