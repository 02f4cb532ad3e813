using System.Diagnostics;
using System.Runtime.Intrinsics;
using Inception.Compiler;
using Inception.Models;
using Inception.Onnx;
using Inception.Onnx.Quantization;
using Inception.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Inception.Benchmarks;

/// <summary>
/// Serving (eval, the same weights): TorchSharp eager, ONNX Runtime on the fp32 file <c>incept export</c> writes,
/// and ONNX Runtime on the int8 file <c>incept export --quantize int8</c> writes, alternating in one process,
/// for InceptionV3 and InceptionResNetV2 at batch 1 and 8. Beside them, the fp32 multiply-accumulates per second
/// a tight loop of vector FMAs reaches on all cores, the limit no fp32 engine passes; and which kernels ORT ran.
/// Run it with ONEDNN_MAX_CPU_ISA=AVX2 too to see what the training-only oneDNN cap costs eager inference.
/// </summary>
internal static class OnnxBenchmark
{
    /// <summary>Where the FMA loop's result goes, so the JIT cannot drop the loop as unused.</summary>
    private static volatile float Sink;

    /// <param name="reference">Optionally, another ONNX file of InceptionV3 (e.g. PyTorch's torch.onnx.export of torchvision's
    /// inception_v3) to time with ONNX Runtime in the same rounds at batch 8.</param>
    public static void Run(string root, int rounds, string? reference = null)
    {
        var peak = FmaPeak();
        Console.WriteLine($"onnx: eval, {rounds} alternating rounds per row, {torch.get_num_threads()} threads, {OneDnn.Variable}={OneDnn.Current ?? "(unset)"}");
        Console.WriteLine($"  fp32 FMA peak of this machine ({Environment.ProcessorCount} threads, {peak.Width}-bit vectors, 16 independent FMAs per thread): {peak.GmacPerSecond:F1} GMAC/s");
        Console.WriteLine("  model               batch   eager ms   fp32 ORT ms   int8 ORT ms   fp32/int8   eager/int8   fp32 ORT GMAC/s (x peak)   int8 GMAC/s (x peak)");
        Measure<InceptionV3>(root, "inception_v3", () => new InceptionV3(auxLogits: false), InceptionV3.MacCount, rounds, peak.GmacPerSecond, reference);
        Measure<InceptionResNetV2>(root, "inception_resnet_v2", () => new InceptionResNetV2(auxLogits: false), InceptionResNetV2.MacCount, rounds, peak.GmacPerSecond, null);
    }

    private static void Measure<T>(string root, string file, Func<T> create, long macs, int rounds, double peak, string? reference)
        where T : InceptionNetwork
    {
        using var model = create();
        model.eval();
        var plan = Compilation.CompileFile(Path.Combine(root, "dsl", file + ".incept")).Plans[0];
        var (channels, height, width) = (plan.Input.Channels, plan.Input.Height, plan.Input.Width);
        var fp32Path = Path.Combine(Path.GetTempPath(), $"{file}-{Guid.NewGuid():N}.onnx");
        var int8Path = Path.ChangeExtension(fp32Path, ".int8.onnx");
        random.manual_seed(1);
        using var calibration = randn(8, channels, height, width);
        OnnxExport.Save(model, plan, fp32Path);
        OnnxExport.Save(model, plan, int8Path, new OnnxExportOptions
        {
            Quantization = new OnnxQuantization([new CalibrationBatch(calibration.data<float>().ToArray(), 8)], "8 random normal images"),
        });
        try
        {
            var kernels = OnnxKernels.Optimized(int8Path);
            using var fp32 = new OnnxModel(fp32Path);
            using var int8 = new OnnxModel(int8Path);
            using var other = reference is null ? null : new OnnxModel(reference);
            foreach (var batch in new[] { 1, 8 })
            {
                using var input = randn(batch, channels, height, width);
                var images = input.data<float>().ToArray();
                var (eager, onnx, quantized, others) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
                using (no_grad())
                {
                    TimeEager(model, input);
                    TimeOnnx(fp32, images, batch);
                    TimeOnnx(int8, images, batch);
                    for (var round = 0; round < rounds; round++)
                    {
                        // Each engine first in turn, so warming and the machine's drift fall on all alike.
                        var order = new Action[]
                        {
                            () => eager.Add(TimeEager(model, input)),
                            () => onnx.Add(TimeOnnx(fp32, images, batch)),
                            () => quantized.Add(TimeOnnx(int8, images, batch)),
                        };
                        for (var i = 0; i < order.Length; i++)
                        {
                            order[(i + round) % order.Length]();
                        }

                        if (other is not null && batch == 8)
                        {
                            others.Add(TimeOnnx(other, images, batch));
                        }
                    }
                }

                var (e, f, q) = (Statistics.Median(eager), Statistics.Median(onnx), Statistics.Median(quantized));
                var (fp32Rate, int8Rate) = (macs * (double)batch / (f / 1000) / 1e9, macs * (double)batch / (q / 1000) / 1e9);
                Console.WriteLine($"  {plan.Name,-19} {batch,5} {e,10:F1} {f,13:F1} {q,13:F1} {f / q,11:F2} {e / q,12:F2} {fp32Rate,16:F1} ({fp32Rate / peak:F2}) {int8Rate,14:F1} ({int8Rate / peak:F2})");
                if (others.Count > 0)
                {
                    Console.WriteLine($"    ONNX Runtime on {Path.GetFileName(reference)}: median {Statistics.Median(others):F1} ms; our fp32 / theirs {f / Statistics.Median(others):F2}");
                }
            }

            Console.WriteLine($"    int8 kernels ORT ran for {plan.Name}: {OnnxKernels.IntegerConvolutions(kernels)} integer convolutions ({string.Join(", ", kernels.Where(k => k.Key.StartsWith('Q') || k.Key.Contains("Integer", StringComparison.Ordinal) || k.Key.Contains("QLinear", StringComparison.Ordinal)).OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}); fp32 Conv left: {kernels.GetValueOrDefault("Conv")}");
        }
        finally
        {
            File.Delete(fp32Path);
            File.Delete(int8Path);
        }
    }

    /// <summary>
    /// Independent vector FMAs on every core, 16 accumulators per thread so that the FMA latency never stalls the
    /// pipes (8 are too few on this machine's two 512-bit pipes: 166 GMAC/s instead of about 250): the fp32
    /// multiply-accumulates per second the machine can do at most. The values converge, so no infinity or
    /// denormal slows the loop.
    /// </summary>
    internal static (double GmacPerSecond, int Width) FmaPeak()
    {
        const int Iterations = 20_000_000;
        const int Accumulators = 16;
        var threads = Environment.ProcessorCount;
        var wide = Vector512.IsHardwareAccelerated;
        var lanes = wide ? Vector512<float>.Count : Vector256<float>.Count;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, threads, options, _ => Sink = wide ? Loop512(10_000) : Loop256(10_000));
        var watch = Stopwatch.StartNew();
        Parallel.For(0, threads, options, _ => Sink = wide ? Loop512(Iterations) : Loop256(Iterations));
        var seconds = watch.Elapsed.TotalSeconds;
        return ((double)threads * Iterations * Accumulators * lanes / seconds / 1e9, lanes * 32);
    }

    private static float Loop512(int iterations)
    {
        var (x, y) = (Vector512.Create(0.9999f), Vector512.Create(0.0001f));
        var a = new Vector512<float>[16];
        var (a0, a1, a2, a3, a4, a5, a6, a7) = (a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
        var (a8, a9, a10, a11, a12, a13, a14, a15) = (a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]);
        for (var i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y);
            a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y);
            a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y);
            a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y);
            a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y);
            a9 = Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = Vector512.FusedMultiplyAdd(a10, x, y);
            a11 = Vector512.FusedMultiplyAdd(a11, x, y);
            a12 = Vector512.FusedMultiplyAdd(a12, x, y);
            a13 = Vector512.FusedMultiplyAdd(a13, x, y);
            a14 = Vector512.FusedMultiplyAdd(a14, x, y);
            a15 = Vector512.FusedMultiplyAdd(a15, x, y);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    private static float Loop256(int iterations)
    {
        var (x, y) = (Vector256.Create(0.9999f), Vector256.Create(0.0001f));
        var a = new Vector256<float>[16];
        var (a0, a1, a2, a3, a4, a5, a6, a7) = (a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
        var (a8, a9, a10, a11, a12, a13, a14, a15) = (a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]);
        for (var i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, x, y);
            a1 = Vector256.FusedMultiplyAdd(a1, x, y);
            a2 = Vector256.FusedMultiplyAdd(a2, x, y);
            a3 = Vector256.FusedMultiplyAdd(a3, x, y);
            a4 = Vector256.FusedMultiplyAdd(a4, x, y);
            a5 = Vector256.FusedMultiplyAdd(a5, x, y);
            a6 = Vector256.FusedMultiplyAdd(a6, x, y);
            a7 = Vector256.FusedMultiplyAdd(a7, x, y);
            a8 = Vector256.FusedMultiplyAdd(a8, x, y);
            a9 = Vector256.FusedMultiplyAdd(a9, x, y);
            a10 = Vector256.FusedMultiplyAdd(a10, x, y);
            a11 = Vector256.FusedMultiplyAdd(a11, x, y);
            a12 = Vector256.FusedMultiplyAdd(a12, x, y);
            a13 = Vector256.FusedMultiplyAdd(a13, x, y);
            a14 = Vector256.FusedMultiplyAdd(a14, x, y);
            a15 = Vector256.FusedMultiplyAdd(a15, x, y);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    private static double TimeEager(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        var watch = Stopwatch.StartNew();
        using var output = model.call(input);
        _ = output.sum().item<float>();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double TimeOnnx(OnnxModel model, float[] images, int batch)
    {
        var watch = Stopwatch.StartNew();
        _ = model.Run(images, batch);
        return watch.Elapsed.TotalMilliseconds;
    }
}
