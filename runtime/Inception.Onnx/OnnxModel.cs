using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inception.Onnx;

/// <summary>An exported network served by ONNX Runtime's CPU provider, with its graph optimizations on.</summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _input;

    /// <param name="threads">Intra-op threads; 0 lets ONNX Runtime choose.</param>
    public OnnxModel(string path, int threads = 0)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = threads };
        _session = new InferenceSession(path, options);
        _input = _session.InputMetadata.Keys.Single();
        var shape = _session.InputMetadata[_input].Dimensions;
        InputShape = (shape[1], shape[2], shape[3]);
        Metadata = _session.ModelMetadata.CustomMetadataMap;
    }

    /// <summary>Channels, height and width of one image.</summary>
    public (int Channels, int Height, int Width) InputShape { get; }

    /// <summary>The metadata the exporter recorded: network, incept_file, incept_sha256, parameters, macs...</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Runs a batch of images laid out N x C x H x W; returns the logits, N x classes, row by row.</summary>
    public float[] Run(float[] images, int batch)
    {
        var (channels, height, width) = InputShape;
        if (images.Length != batch * channels * height * width)
        {
            throw new ArgumentException($"{batch} images of {channels}x{height}x{width} need {batch * channels * height * width} values, not {images.Length}", nameof(images));
        }

        var tensor = new DenseTensor<float>(images, new[] { batch, channels, height, width });
        using var results = _session.Run(new[] { NamedOnnxValue.CreateFromTensor(_input, tensor) });
        return results.First().AsEnumerable<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}
