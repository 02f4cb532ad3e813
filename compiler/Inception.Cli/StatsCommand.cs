using Inception.Compiler.Emit;
using Inception.Compiler.IR;

namespace Inception.Cli;

/// <summary><c>incept stats FILE...</c>: per-layer shapes, parameters and MACs, and the totals.</summary>
internal static class StatsCommand
{
    public static int Run(Arguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positional.Count == 0)
        {
            throw new UsageException("stats needs at least one .incept file");
        }

        var format = arguments.Option("--format") switch
        {
            null or "table" => StatsFormat.Table,
            "json" => StatsFormat.Json,
            "csv" => StatsFormat.Csv,
            "markdown" or "md" => StatsFormat.Markdown,
            var other => throw new UsageException($"unknown format '{other}'; use table, json, csv or markdown"),
        };
        var depth = arguments.IntOption("--depth");
        var wanted = arguments.Option("--network");

        var networks = new List<NetworkIr>();
        foreach (var path in arguments.Positional)
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
