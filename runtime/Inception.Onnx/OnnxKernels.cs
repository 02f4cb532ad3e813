using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Inception.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;

namespace Inception.Onnx;

/// <summary>Which operators a model holds, and which kernels ONNX Runtime runs once its optimizer has fused them.</summary>
public static class OnnxKernels
{
    /// <summary>How many nodes of each operator type the file's graph has.</summary>
    public static IReadOnlyDictionary<string, int> Operators(string path) => Count(File.ReadAllBytes(path));

    /// <summary>
    /// How many nodes of each operator type ONNX Runtime runs after its graph optimizations (all levels, CPU):
    /// the optimized graph ORT itself writes out, so a quantized conv shows as QLinearConv only if ORT fused it.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Optimized(string path)
    {
        var optimized = Path.Combine(Path.GetTempPath(), $"incept-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = optimized })
            using (new InferenceSession(path, options))
            {
            }

            return Count(File.ReadAllBytes(optimized));
        }
        finally
        {
            File.Delete(optimized);
        }
    }

    /// <summary>Convolutions that run as integer kernels in <paramref name="kernels"/>.</summary>
    public static int IntegerConvolutions(IReadOnlyDictionary<string, int> kernels) =>
        new[] { "QLinearConv", "NhwcQLinearConv", "ConvInteger" }.Sum(k => kernels.TryGetValue(k, out var n) ? n : 0);

    private static Dictionary<string, int> Count(byte[] model) =>
        ModelProto.Parser.ParseFrom(model).Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
