using System.Runtime.CompilerServices;
using Inception.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Inception.Runtime.Tests;

/// <summary>
/// Loading the runtime must leave libtorch computing correct convolution gradients. Without the oneDNN ISA
/// cap, output widths that are not a multiple of 16 give wrong or NaN input gradients on AVX-512 CPUs.
/// </summary>
public sealed class ConvolutionGradientTests
{
    [Theory]
    [InlineData(16, 8)]
    [InlineData(8, 8)]
    [InlineData(24, 24)]
    [InlineData(48, 24)]
    public void InputGradientMatchesDoublePrecision(int inChannels, int outChannels)
    {
        RuntimeHelpers.RunModuleConstructor(typeof(BasicConv2d).Module.ModuleHandle);
        using var scope = NewDisposeScope();
        for (var seed = 0; seed < 3; seed++)
        {
            random.manual_seed(seed);
            var weight = randn(outChannels, inChannels, 3, 3);
            var single = randn(32, inChannels, 13, 13).requires_grad_();
            nn.functional.conv2d(single, weight, padding: new long[] { 1, 1 }).sum().backward();
            var reference = single.detach().to(float64).requires_grad_();
            nn.functional.conv2d(reference, weight.to(float64), padding: new long[] { 1, 1 }).sum().backward();

            var error = ((single.grad!.to(float64) - reference.grad!).abs().max() / reference.grad!.abs().max()).item<double>();
            Assert.True(error < 1e-5, $"{inChannels}->{outChannels}, seed {seed}: relative error {error}");
        }
    }
}
