using Inception.Compiler.Emit;

namespace Inception.Cli;

/// <summary><c>incept stats FILE</c>: per-layer shapes, parameters and MACs, and the totals.</summary>
internal static class StatsCommand
{
    public static int Run(Arguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positional.Count != 1)
        {
            throw new UsageException("stats takes exactly one .incept file");
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
        var result = SourceFiles.Compile(arguments.Positional[0], error);
        if (result is null || result.HasErrors)
        {
            return ExitCodes.Errors;
        }

        var wanted = arguments.Option("--network");
        var networks = result.Networks.Where(n => wanted is null || n.Name == wanted).ToList();
        if (networks.Count == 0)
        {
            throw new UsageException($"no network named '{wanted}' in {arguments.Positional[0]}; it has: {string.Join(", ", result.Networks.Select(n => n.Name))}");
        }

        if (format == StatsFormat.Json && networks.Count > 1)
        {
            throw new UsageException("the file holds several networks; pick one with --network NAME for JSON output");
        }

        output.Write(string.Join("\n", networks.Select(n => StatsEmitter.Emit(n, format, depth))));
        return ExitCodes.Success;
    }
}
