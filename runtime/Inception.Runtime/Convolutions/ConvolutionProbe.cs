using System;
using System.Linq;
using static TorchSharp.torch;

namespace Inception.Runtime.Convolutions;

/// <summary>A float32 convolution under test: input, weight, padding (height, width), groups.</summary>
public delegate Tensor Convolution(Tensor input, Tensor weight, long[] padding, long groups);

/// <summary>
/// Runs one probe convolution forward and backward in float32 through the engine under test, and the same in
/// float64, which libtorch never hands to oneDNN (it has no float64 kernels), so the reference does not share
/// the code under suspicion.
/// </summary>
internal static class ConvolutionProbe
{
    /// <summary>The engine as libtorch runs it: what every model's Conv2d calls.</summary>
    public static Tensor LibTorch(Tensor input, Tensor weight, long[] padding, long groups) =>
        nn.functional.conv2d(input, weight, padding: padding, groups: groups);

    /// <summary>Measures <paramref name="convolution"/> on <paramref name="shape"/>; draws only from <paramref name="generator"/>.</summary>
    public static ProbeResult Measure(ProbeShape shape, Convolution convolution, Generator generator)
    {
        using var scope = NewDisposeScope();

        // A caller may construct its model under no_grad; the probe needs gradients whatever the caller's mode.
        using var grad = enable_grad();
        var padding = new long[] { shape.KernelHeight / 2, shape.KernelWidth / 2 };
        var fanIn = shape.InChannels / shape.Groups * shape.KernelHeight * shape.KernelWidth;
        var input = randn(new long[] { 2, shape.InChannels, ProbeShape.Size, ProbeShape.Size }, generator: generator);
        var weight = randn(new long[] { shape.OutChannels, shape.InChannels / shape.Groups, shape.KernelHeight, shape.KernelWidth }, generator: generator) / Math.Sqrt(fanIn);
        var outputShape = new long[] { 2, shape.OutChannels, ProbeShape.Size, ProbeShape.Size };
        var upstream = randn(outputShape, generator: generator);

        var (output, inputGradient, weightGradient) = ForwardBackward(input, weight, upstream, padding, shape.Groups, convolution);
        var (reference, inputReference, weightReference) = ForwardBackward(
            input.to(float64), weight.to(float64), upstream.to(float64), padding, shape.Groups, LibTorch);
        return new ProbeResult(shape, RelativeError(output, reference), RelativeError(inputGradient, inputReference), RelativeError(weightGradient, weightReference));
    }

    private static (Tensor Output, Tensor InputGradient, Tensor WeightGradient) ForwardBackward(
        Tensor input, Tensor weight, Tensor upstream, long[] padding, long groups, Convolution convolution)
    {
        var x = input.detach().requires_grad_();
        var w = weight.detach().requires_grad_();
        var output = convolution(x, w, padding, groups);
        autograd.backward(new[] { output }, new[] { upstream });
        return (output.detach(), x.grad!, w.grad!);
    }

    private static double RelativeError(Tensor actual, Tensor reference)
    {
        if (!actual.shape.SequenceEqual(reference.shape))
        {
            return double.PositiveInfinity;
        }

        var difference = (actual.to(float64) - reference).abs().max().item<double>();
        var magnitude = reference.abs().max().item<double>();
        var error = difference / Math.Max(magnitude, double.Epsilon);
        return double.IsNaN(error) || double.IsInfinity(error) ? double.PositiveInfinity : error;
    }
}
