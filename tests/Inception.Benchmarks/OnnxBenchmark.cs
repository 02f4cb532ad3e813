using System.Diagnostics;
using Inception.Compiler;
using Inception.Models;
using Inception.Onnx;
using Inception.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Inception.Benchmarks;

/// <summary>
/// Serving InceptionV3 (eval, batch 8 at 299x299, the same weights): TorchSharp eager against ONNX Runtime on
/// the file <c>incept export</c> writes, alternating in one process. Run it once as is and once with
/// ONEDNN_MAX_CPU_ISA=AVX2 in the environment to see what the training-only oneDNN cap costs inference.
/// </summary>
internal static class OnnxBenchmark
{
    /// <param name="reference">Optionally, another ONNX file of InceptionV3 (e.g. PyTorch's torch.onnx.export of torchvision's
    /// inception_v3) to time with ONNX Runtime in the same rounds.</param>
    public static void Run(string root, int rounds, string? reference = null)
    {
        using var model = new InceptionV3(auxLogits: false);
        model.eval();
        var plan = Compilation.CompileFile(Path.Combine(root, "dsl", "inception_v3.incept")).Plans[0];
        var path = Path.Combine(Path.GetTempPath(), $"inception_v3-{Guid.NewGuid():N}.onnx");
        OnnxExport.Save(model, plan, path);
        try
        {
            using var served = new OnnxModel(path);
            using var other = reference is null ? null : new OnnxModel(reference);
            random.manual_seed(1);
            using var input = randn(8, 3, 299, 299);
            var images = input.data<float>().ToArray();

            var eager = new List<double>();
            var onnx = new List<double>();
            var others = new List<double>();
            using (no_grad())
            {
                TimeEager(model, input);
                TimeOnnx(served, images);
                for (var round = 0; round < rounds; round++)
                {
                    if (round % 2 == 0)
                    {
                        eager.Add(TimeEager(model, input));
                        onnx.Add(TimeOnnx(served, images));
                    }
                    else
                    {
                        onnx.Add(TimeOnnx(served, images));
                        eager.Add(TimeEager(model, input));
                    }

                    if (other is not null)
                    {
                        others.Add(TimeOnnx(other, images));
                    }
                }
            }

            var eagerMedian = Statistics.Median(eager);
            var onnxMedian = Statistics.Median(onnx);
            Console.WriteLine($"onnx: InceptionV3 eval, batch 8 at 299x299, {rounds} alternating rounds, {torch.get_num_threads()} threads, {OneDnn.Variable}={OneDnn.Current ?? "(unset)"}");
            Console.WriteLine($"  TorchSharp eager (generated InceptionV3): median {eagerMedian:F1} ms");
            Console.WriteLine($"  ONNX Runtime on the exported file:       median {onnxMedian:F1} ms");
            Console.WriteLine($"  speed ratio (eager time / ONNX Runtime time): {eagerMedian / onnxMedian:F2}");
            if (others.Count > 0)
            {
                var otherMedian = Statistics.Median(others);
                Console.WriteLine($"  ONNX Runtime on {Path.GetFileName(reference)}: median {otherMedian:F1} ms; ours / theirs {onnxMedian / otherMedian:F2}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double TimeEager(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        var watch = Stopwatch.StartNew();
        using var output = model.call(input);
        _ = output.sum().item<float>();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double TimeOnnx(OnnxModel model, float[] images)
    {
        var watch = Stopwatch.StartNew();
        _ = model.Run(images, 8);
        return watch.Elapsed.TotalMilliseconds;
    }
}
