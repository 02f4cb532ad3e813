using System.Diagnostics;
using System.Text;
using Inception.Compiler;
using Inception.Compiler.Emit.CSharp;
using Inception.Compiler.Syntax;
using Microsoft.CodeAnalysis.CSharp;

namespace Inception.Benchmarks;

/// <summary>
/// The compiler on each reference model and on a generated 1 MB file: parse alone, then the whole front end
/// (parse, bind, IR with shapes and counts, module plan). The reference measured in the same runs is Roslyn
/// parsing the C# emitted for the same file, a cost every build of the generated code pays anyway.
/// </summary>
internal static class CompilerBenchmark
{
    public static void Run(string root)
    {
        Console.WriteLine("compiler: median of alternating runs, milliseconds");
        foreach (var model in new[] { "googlenet.incept", "inception_v2.incept", "inception_v3.incept" })
        {
            var path = Path.Combine(root, "dsl", model);
            Measure(model, path, File.ReadAllText(path), runs: 200);
        }

        var large = LargeFile(1_000_000);
        Measure($"generated file of {large.Length / 1e6:F2} MB", "/bench/large.incept", large, runs: 5);
    }

    /// <summary>Blocks with branches, a network that calls each, and a long chain of convs: about <paramref name="size"/> characters.</summary>
    public static string LargeFile(int size)
    {
        var text = new StringBuilder("defaults {\n  conv bias=false bn=true eps=0.001 relu=true\n}\n\n");
        var network = new StringBuilder("network Large {\n  input 16x8x8\n  classes 10\n");
        for (var i = 0; text.Length + network.Length < size / 2; i++)
        {
            text.Append("block unit").Append(i).Append("(w) {\n  concat {\n    a = conv w 1x1\n    { b_1 = conv w / 2 1x1; b_2 = conv w / 2 3x3 pad=1 }\n    { pool = avgpool 3x3 stride=1 pad=1; proj = conv w / 2 1x1 }\n  }\n}\n\n");
            network.Append("  u").Append(i).Append(" = unit").Append(i).Append("(8)\n");
        }

        for (var i = 0; text.Length + network.Length < size; i++)
        {
            network.Append("  c").Append(i).Append(" = conv 16 3x3 pad=1\n");
        }

        return text.Append(network).Append("  global_avgpool\n  fc = linear classes\n}\n").ToString();
    }

    private static void Measure(string name, string path, string text, int runs)
    {
        var compilation = Compilation.Compile(path, text, _ => null);
        if (compilation.HasErrors)
        {
            throw new InvalidOperationException(string.Join("\n", compilation.Diagnostics));
        }

        var emitted = ModelEmitter.Emit(compilation, "Bench", Path.GetFileName).Files.Select(f => f.Text).ToArray();
        var tokenize = new List<double>();
        var parse = new List<double>();
        var compile = new List<double>();
        var roslyn = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            tokenize.Add(Time(() => Tokenizer.Tokenize(text)));
            parse.Add(Time(() => Parser.ParseFile(path, text)));
            compile.Add(Time(() => Compilation.Compile(path, text, _ => null)));
            roslyn.Add(Time(() => emitted.Select(t => CSharpSyntaxTree.ParseText(t)).ToArray()));
        }

        var compileMedian = Statistics.Median(compile);
        var roslynMedian = Statistics.Median(roslyn);
        Console.WriteLine($"  {name}: tokenize {Statistics.Median(tokenize):F2}; parse {Statistics.Median(parse):F2}; parse+bind+IR+plan {compileMedian:F2}; Roslyn parsing its emitted C# {roslynMedian:F2} (ratio {compileMedian / roslynMedian:F2})");
    }

    private static double Time<T>(Func<T> action)
    {
        var watch = Stopwatch.StartNew();
        GC.KeepAlive(action());
        return watch.Elapsed.TotalMilliseconds;
    }
}
