using System;
using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;
using Inception.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inception.Onnx.Quantization;

/// <summary>
/// Runs the fp32 model in ONNX Runtime on the calibration images with every intermediate tensor made a graph
/// output, and collects each tensor's range: the graph the ranges are for is the graph that gets quantized.
/// </summary>
internal static class Calibrator
{
    /// <param name="channels">Each tensor's channel count (its second dimension), which the graph itself does not record.</param>
    public static Dictionary<string, TensorRange> Ranges(ModelProto fp32, OnnxQuantization quantization, out Dictionary<string, int> channels)
    {
        channels = new Dictionary<string, int>(StringComparer.Ordinal);
        var model = fp32.Clone();
        var graph = model.Graph;
        var input = graph.Input.Single();
        var dims = input.Type.TensorType.Shape.Dim;
        var (inputChannels, height, width) = ((int)dims[1].DimValue, (int)dims[2].DimValue, (int)dims[3].DimValue);
        var outputs = new HashSet<string>(graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        foreach (var name in graph.Node.SelectMany(n => n.Output).Where(outputs.Add))
        {
            graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        var collectors = new Dictionary<string, RangeCollector>(StringComparer.Ordinal) { [input.Name] = new() };
        foreach (var name in outputs)
        {
            collectors[name] = new RangeCollector();
        }

        // Without graph optimizations, every tensor asked for is the one the fp32 graph computes.
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model.ToByteArray(), options);
        foreach (var batch in quantization.Calibration)
        {
            batch.Validate(inputChannels, height, width);
            collectors[input.Name].Add(batch.Values);
            var tensor = new DenseTensor<float>(batch.Values, new[] { batch.Count, inputChannels, height, width });
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(input.Name, tensor) });
            foreach (var result in results)
            {
                if (result.AsTensor<float>().Dimensions is { Length: >= 2 } dimensions)
                {
                    channels[result.Name] = dimensions[1];
                }

                collectors[result.Name].Add(result.AsTensor<float>() is DenseTensor<float> dense ? dense.Buffer.Span : result.AsEnumerable<float>().ToArray());
            }
        }

        return collectors.ToDictionary(c => c.Key, c => c.Value.Range(quantization.Method), StringComparer.Ordinal);
    }
}
