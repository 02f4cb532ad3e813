using System.Diagnostics;
using Inception.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Inception.Benchmarks;

/// <summary>
/// The generator's full run on the three reference files, each time with a fresh driver (nothing cached):
/// the first (cold, JIT included) and the median of later (warm) runs. The reference measured in the same
/// runs is Roslyn parsing the emitted C# of the same three files, a cost every build pays anyway.
/// </summary>
internal static class GeneratorBenchmark
{
    private const int Runs = 100;

    public static void Run()
    {
        var root = FindRoot();
        var files = new[] { "googlenet.incept", "inception_v2.incept", "inception_v3.incept" }
            .Select(f => (AdditionalText)new Text(Path.Combine(root, "dsl", f), File.ReadAllText(Path.Combine(root, "dsl", f))))
            .ToArray();
        var compilation = CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText("class C { }") });

        var cold = Time(() => RunOnce(files, compilation), out var generated);
        var warm = new List<double>();
        var parse = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            warm.Add(Time(() => RunOnce(files, compilation), out var emitted));
            parse.Add(Time(() => emitted.Select(t => CSharpSyntaxTree.ParseText(t)).ToArray(), out _));
        }

        GC.KeepAlive(generated);

        var warmMedian = Statistics.Median(warm);
        var parseMedian = Statistics.Median(parse);
        Console.WriteLine($"generator: 3 reference files, fresh driver per run, {Runs} warm runs");
        Console.WriteLine($"  cold run (JIT included): {cold:F1} ms");
        Console.WriteLine($"  warm run: median {warmMedian:F2} ms");
        Console.WriteLine($"  Roslyn parsing the emitted C# (reference): median {parseMedian:F2} ms; ratio generator/parse {warmMedian / parseMedian:F2}");
    }

    private static string[] RunOnce(AdditionalText[] files, CSharpCompilation compilation)
    {
        var driver = CSharpGeneratorDriver.Create(new[] { new InceptionGenerator().AsSourceGenerator() }, files);
        var result = driver.RunGenerators(compilation).GetRunResult();
        if (result.Diagnostics.Length > 0 || result.GeneratedTrees.Length != 3)
        {
            throw new InvalidOperationException("the generator did not produce the three models: " + string.Join("\n", result.Diagnostics));
        }

        return result.GeneratedTrees.Select(t => t.ToString()).ToArray();
    }

    private static double Time<T>(Func<T> action, out T result)
    {
        var watch = Stopwatch.StartNew();
        result = action();
        return watch.Elapsed.TotalMilliseconds;
    }

    public static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Inception.Dsl.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("run from inside the repository");
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
