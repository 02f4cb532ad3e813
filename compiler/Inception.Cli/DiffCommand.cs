using Inception.Compiler.Analysis.Diff;
using Inception.Compiler.Emit;
using Inception.Compiler.IR;

namespace Inception.Cli;

/// <summary>
/// <c>incept diff A.incept B.incept</c> or <c>incept diff FILE --left X --right Y</c>: layers added, removed
/// and changed, with parameter and MAC deltas. Exit codes follow diff(1): 0 equal, 1 different, 2 trouble.
/// </summary>
internal static class DiffCommand
{
    public static int Run(Arguments arguments, TextWriter output, TextWriter error, bool terminal)
    {
        if (arguments.Positional.Count is < 1 or > 2)
        {
            throw new UsageException("diff takes two .incept files, or one file holding two networks");
        }

        var format = arguments.Option("--format") ?? "table";
        if (format is not ("table" or "markdown" or "md" or "json"))
        {
            throw new UsageException($"unknown format '{format}'; use table, markdown or json");
        }

        var depth = arguments.IntOption("--depth");
        var networks = new List<List<NetworkIr>>();
        foreach (var path in arguments.Positional)
        {
            var result = SourceFiles.Compile(path, error);
            if (result is null || result.HasErrors)
            {
                return ExitCodes.Usage;
            }

            networks.Add(result.Networks.ToList());
        }

        var left = Pick(networks[0], arguments.Option("--left"), 0, arguments.Positional[0]);
        var right = networks.Count == 2
            ? Pick(networks[1], arguments.Option("--right"), 0, arguments.Positional[1])
            : Pick(networks[0], arguments.Option("--right"), 1, arguments.Positional[0]);

        var diff = ArchitectureDiff.Compare(left, right);
        var all = arguments.Flag("--all");
        output.Write(format switch
        {
            "json" => DiffEmitter.Json(diff, depth, all),
            "markdown" or "md" => DiffEmitter.Markdown(diff, depth, all),
            _ => DiffEmitter.Table(diff, depth, all, color: terminal && Environment.GetEnvironmentVariable("NO_COLOR") is null),
        });
        return diff.AreEqual ? ExitCodes.Success : ExitCodes.Errors;
    }

    private static NetworkIr Pick(List<NetworkIr> networks, string? name, int index, string path)
    {
        if (name is not null)
        {
            return networks.FirstOrDefault(n => n.Name == name)
                ?? throw new UsageException($"no network named '{name}' in {path}; it has: {string.Join(", ", networks.Select(n => n.Name))}");
        }

        return index < networks.Count
            ? networks[index]
            : throw new UsageException($"{path} holds {networks.Count} network(s); name the two to compare with --left and --right");
    }
}
