using System.Diagnostics;
using Inception.Compiler;
using Inception.Dynamic;
using Inception.Models;
using Inception.Onnx;
using Inception.Runtime;
using Inception.Runtime.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace Inception.Benchmarks;

/// <summary>
/// What the convolution self-check's fallback costs: the same models with oneDNN as this process has it (full
/// instruction set, or the cap <c>ONEDNN_MAX_CPU_ISA</c> sets: run the command once with and once without it) and
/// with libtorch's native convolutions (oneDNN switched off), alternating in one process; ONNX Runtime on the
/// exported file as the serving reference. Inference: InceptionV3 eval at batch 8, 299x299. Training: SGD steps of
/// mini_inception at batch 128 on 28x28 images, the shape of <c>incept train --data fashion-mnist</c>.
/// </summary>
internal static class ConvolutionEngineBenchmark
{
    public static void Run(string root, int rounds)
    {
        var report = ConvolutionSelfCheck.EnsureVerified();
        Console.WriteLine($"convolutions: {rounds} alternating rounds per row, {torch.get_num_threads()} threads, {OneDnn.Variable}={OneDnn.Current ?? "(unset)"}");
        Console.WriteLine($"  self-check: {report}");
        var engines = new[] { ConvolutionEngine.OneDnn, ConvolutionEngine.Native };
        try
        {
            Inference(root, rounds, engines);
            Training(root, rounds, engines);
        }
        finally
        {
            // Leave the process as the self-check chose.
            ConvolutionSelfCheck.Use(report.Engine);
        }
    }

    private static void Inference(string root, int rounds, ConvolutionEngine[] engines)
    {
        using var model = new InceptionV3(auxLogits: false);
        model.eval();
        var plan = Compilation.CompileFile(Path.Combine(root, "dsl", "inception_v3.incept")).Plans[0];
        var path = Path.Combine(Path.GetTempPath(), $"inception_v3-{Guid.NewGuid():N}.onnx");
        OnnxExport.Save(model, plan, path);
        try
        {
            using var onnx = new OnnxModel(path);
            random.manual_seed(1);
            using var input = randn(8, 3, 299, 299);
            var images = input.data<float>().ToArray();
            var times = engines.ToDictionary(e => e, _ => new List<double>());
            var ort = new List<double>();
            using (no_grad())
            {
                for (var round = -1; round < rounds; round++)
                {
                    foreach (var engine in Rotate(engines, round))
                    {
                        ConvolutionSelfCheck.Use(engine);
                        var clock = Stopwatch.StartNew();
                        using var output = model.call(input);
                        if (round >= 0)
                        {
                            times[engine].Add(clock.Elapsed.TotalMilliseconds);
                        }
                    }

                    var onnxClock = Stopwatch.StartNew();
                    onnx.Run(images, 8);
                    if (round >= 0)
                    {
                        ort.Add(onnxClock.Elapsed.TotalMilliseconds);
                    }
                }
            }

            var (fast, native, reference) = (Statistics.Median(times[ConvolutionEngine.OneDnn]), Statistics.Median(times[ConvolutionEngine.Native]), Statistics.Median(ort));
            Console.WriteLine("  inference, InceptionV3 eval, batch 8, 299x299 (median ms):");
            Console.WriteLine($"    oneDNN {fast:F1}   native {native:F1} (x{native / fast:F2} of oneDNN)   ONNX Runtime fp32 {reference:F1} (native / ORT x{native / reference:F2})");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Training(string root, int rounds, ConvolutionEngine[] engines)
    {
        const int Batch = 128;
        using var network = NetworkBuilder.Compile(Path.Combine(root, "dsl", "examples", "mini_inception.incept"));
        network.train();
        using var optimizer = optim.SGD(network.parameters(), 0.01, momentum: 0.9);
        random.manual_seed(2);
        var (channels, height, width) = (network.Plan.Input.Channels, network.Plan.Input.Height, network.Plan.Input.Width);
        using var images = randn(Batch, channels, height, width);
        using var labels = randint(0, network.Classes, Batch);
        var rates = engines.ToDictionary(e => e, _ => new List<double>());
        const int Steps = 5;
        for (var round = -1; round < rounds; round++)
        {
            foreach (var engine in Rotate(engines, round))
            {
                ConvolutionSelfCheck.Use(engine);
                var clock = Stopwatch.StartNew();
                for (var step = 0; step < Steps; step++)
                {
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(network.call(images), labels);
                    loss.backward();
                    optimizer.step();
                }

                if (round >= 0)
                {
                    rates[engine].Add(Steps * Batch / clock.Elapsed.TotalSeconds);
                }
            }
        }

        var (fast, native) = (Statistics.Median(rates[ConvolutionEngine.OneDnn]), Statistics.Median(rates[ConvolutionEngine.Native]));
        Console.WriteLine($"  training, mini_inception SGD steps, batch {Batch}, {height}x{width} (median images/s):");
        Console.WriteLine($"    oneDNN {fast:F0}   native {native:F0} (x{native / fast:F2} of oneDNN)");
    }

    /// <summary>Each engine first in turn, so warming and the machine's drift fall on all alike.</summary>
    private static IEnumerable<ConvolutionEngine> Rotate(ConvolutionEngine[] engines, int round) =>
        engines.Select((_, i) => engines[(i + Math.Max(round, 0)) % engines.Length]);
}
