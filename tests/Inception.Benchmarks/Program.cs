using Inception.Benchmarks;

// A bench command rather than timed unit tests: speed is reported as ratios against a reference measured
// in the same process, alternating, so machine load affects both sides alike.
var which = args.Length > 0 ? args[0] : "all";
if (which is "forward" or "all")
{
    ForwardBenchmark.Run(rounds: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
}

if (which is "generator" or "all")
{
    GeneratorBenchmark.Run();
}

if (which is "onnx" or "all")
{
    OnnxBenchmark.Run(GeneratorBenchmark.FindRoot(), rounds: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10, reference: args.Length > 2 ? args[2] : null);
}

if (which is "convolutions" or "all")
{
    ConvolutionEngineBenchmark.Run(GeneratorBenchmark.FindRoot(), rounds: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
}

if (which is "viewer" or "all")
{
    await ViewerBenchmark.Run(GeneratorBenchmark.FindRoot(), rounds: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

if (which is "vscode")
{
    await VsCodeBenchmark.Run(GeneratorBenchmark.FindRoot(), edits: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
}

if (which is "training")
{
    // Long: by default two recipes x three seeds x ten minutes. bench training BUDGET SEEDS RECIPES FILE.
    TrainingBenchmark.Run(
        GeneratorBenchmark.FindRoot(),
        budget: args.Length > 1 ? args[1] : "10m",
        seeds: (args.Length > 2 ? args[2] : "1,2,3").Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        recipes: (args.Length > 3 ? args[3] : "fast,paper").Split(','),
        file: args.Length > 4 ? args[4] : "dsl/examples/mini_inception.incept");
}

if (which is "compiler" or "all")
{
    CompilerBenchmark.Run(GeneratorBenchmark.FindRoot());
}

if (which is "editor" or "all")
{
    EditorBenchmark.Run(GeneratorBenchmark.FindRoot());
}
