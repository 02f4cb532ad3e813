using System;
using System.Linq;
using Inception.Runtime.Convolutions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Inception.Runtime.Tests;

/// <summary>
/// The convolution self-check: the engine it chose for this process gets the whole sweep of the shapes that broke
/// right on whatever CPU runs the tests, and its choosing logic turns down an engine that is wrong (injected here,
/// since this CPU may compute every shape right) for the next one.
/// </summary>
public sealed class ConvolutionSelfCheckTests
{
    /// <summary>The sweep that found the fault (docs/runtime.md): 1x1, 3x3 and 5x5 over the input widths that broke and their neighbours.</summary>
    public static TheoryData<int, int, int> Sweep()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var inChannels in new[] { 3, 4, 7, 16, 20, 24, 40 })
        {
            foreach (var kernel in new[] { 1, 3, 5 })
            {
                foreach (var outChannels in new[] { 8, 64 })
                {
                    data.Add(inChannels, outChannels, kernel);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sweep))]
    public void TheChosenEngineComputesEverySweptShapeRight(int inChannels, int outChannels, int kernel)
    {
        var report = ConvolutionSelfCheck.EnsureVerified();
        Assert.True(report.Verified, report.ToString());
        using var generator = new Generator((ulong)(inChannels * 100 + outChannels * 10 + kernel));
        var result = ConvolutionProbe.Measure(new ProbeShape(inChannels, outChannels, kernel, kernel), ConvolutionProbe.LibTorch, generator);
        Assert.True(result.Passed, $"{result} with {report.Configuration}");
    }

    [Fact]
    public void TheSelfCheckShapesPassWithTheChosenEngine()
    {
        var report = ConvolutionSelfCheck.EnsureVerified();
        using var generator = new Generator(1);
        foreach (var shape in ProbeShape.Defaults)
        {
            var result = ConvolutionProbe.Measure(shape, ConvolutionProbe.LibTorch, generator);
            Assert.True(result.Passed, $"{result} with {report.Configuration}");
        }
    }

    [Fact]
    public void AWrongForwardPassIsTurnedDownForTheNextEngine()
    {
        var report = WithFaultyFirst(ForwardWrongFor20InputChannels);
        Assert.Equal(ConvolutionEngine.Native, report.Engine);
        Assert.True(report.Verified);
        var rejection = Assert.Single(report.Rejected);
        Assert.Equal("faulty oneDNN", rejection.Configuration);
        Assert.Equal(20, rejection.Failure.Shape.InChannels);
        Assert.InRange(rejection.Failure.ForwardError, 0.1, 0.3);
        Assert.Contains("faulty oneDNN, wrong on this CPU: 20->64 3x3 forward: relative error 0.2", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AGradientOnlyFaultIsCaught()
    {
        // The older AMD fault: right outputs, wrong input gradients for 8 output channels.
        var report = WithFaultyFirst(GradientWrongFor8OutputChannels);
        var rejection = Assert.Single(report.Rejected);
        Assert.Equal(8, rejection.Failure.Shape.OutChannels);
        Assert.True(rejection.Failure.ForwardError < ProbeResult.Tolerance, rejection.Failure.ToString());
        Assert.True(rejection.Failure.InputGradientError > 0.5, rejection.Failure.ToString());
        Assert.Equal(ConvolutionEngine.Native, report.Engine);
    }

    [Fact]
    public void NaNsAreAFault()
    {
        var report = WithFaultyFirst((x, w, p, g) => x.shape[1] == 40 && w.shape[2] == 5
            ? ConvolutionProbe.LibTorch(x, w, p, g).index_fill(1, tensor(new long[] { 0 }), double.NaN)
            : ConvolutionProbe.LibTorch(x, w, p, g));
        var rejection = Assert.Single(report.Rejected);
        Assert.Equal("40->24 5x5 forward: NaN or infinite values", rejection.Failure.ToString());
    }

    [Fact]
    public void WhenNothingIsRightTheReportSaysSo()
    {
        try
        {
            var faulty = new ConvolutionCandidate(ConvolutionEngine.OneDnn, "faulty oneDNN", () => ConvolutionSelfCheck.Use(ConvolutionEngine.OneDnn), ForwardWrongFor20InputChannels);
            var alsoFaulty = faulty with { Engine = ConvolutionEngine.Native, Description = "faulty native" };
            var report = ConvolutionSelfCheck.Choose(new[] { faulty, alsoFaulty }, ProbeShape.Defaults);
            Assert.False(report.Verified);
            Assert.Equal(ConvolutionEngine.Native, report.Engine);
            Assert.Equal(new[] { "faulty oneDNN", "faulty native" }, report.Rejected.Select(r => r.Configuration));
            Assert.StartsWith("convolutions: faulty native, NOT verified", report.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            RestoreTheProcessChoice();
        }
    }

    [Fact]
    public void TheVariableChoosesTheCandidates()
    {
        Assert.Equal(new[] { ConvolutionEngine.OneDnn, ConvolutionEngine.Native }, ConvolutionSelfCheck.Candidates(null, null, canSwitch: true).Select(c => c.Engine));
        Assert.Equal(new[] { ConvolutionEngine.OneDnn, ConvolutionEngine.Native }, ConvolutionSelfCheck.Candidates(" Auto ", null, canSwitch: true).Select(c => c.Engine));
        Assert.Equal(new[] { ConvolutionEngine.Native }, ConvolutionSelfCheck.Candidates("native", null, canSwitch: true).Select(c => c.Engine));
        Assert.Equal(new[] { ConvolutionEngine.OneDnn }, ConvolutionSelfCheck.Candidates("onednn", null, canSwitch: true).Select(c => c.Engine));
        Assert.Equal(new[] { ConvolutionEngine.OneDnn }, ConvolutionSelfCheck.Candidates(null, null, canSwitch: false).Select(c => c.Engine));
        Assert.Equal("oneDNN, ONEDNN_MAX_CPU_ISA=AVX2", ConvolutionSelfCheck.Candidates(null, "AVX2", canSwitch: true)[0].Description);
        Assert.Equal("oneDNN, full instruction set", ConvolutionSelfCheck.Candidates(null, null, canSwitch: true)[0].Description);
        var error = Assert.Throws<InvalidOperationException>(() => ConvolutionSelfCheck.Candidates("fast", null, canSwitch: true));
        Assert.Equal("INCEPTION_CONVOLUTIONS='fast' is not a convolution engine: use auto, onednn or native.", error.Message);
    }

    [Fact]
    public void TheProbeLeavesTheGlobalGeneratorAlone()
    {
        random.manual_seed(11);
        var expected = randn(4).data<float>().ToArray();
        random.manual_seed(11);
        WithFaultyFirst(ForwardWrongFor20InputChannels);
        Assert.Equal(expected, randn(4).data<float>().ToArray());
    }

    private static ConvolutionCheckReport WithFaultyFirst(Convolution faulty)
    {
        try
        {
            var candidates = new[]
            {
                new ConvolutionCandidate(ConvolutionEngine.OneDnn, "faulty oneDNN", () => ConvolutionSelfCheck.Use(ConvolutionEngine.OneDnn), faulty),
                ConvolutionSelfCheck.Candidates("native", null, canSwitch: true)[0],
            };
            return ConvolutionSelfCheck.Choose(candidates, ProbeShape.Defaults);
        }
        finally
        {
            RestoreTheProcessChoice();
        }
    }

    private static void RestoreTheProcessChoice() => ConvolutionSelfCheck.Use(ConvolutionSelfCheck.EnsureVerified().Engine);

    private static Tensor ForwardWrongFor20InputChannels(Tensor input, Tensor weight, long[] padding, long groups)
    {
        var output = ConvolutionProbe.LibTorch(input, weight, padding, groups);
        return input.shape[1] == 20 ? output * 1.2 : output;
    }

    private static Tensor GradientWrongFor8OutputChannels(Tensor input, Tensor weight, long[] padding, long groups)
    {
        var output = ConvolutionProbe.LibTorch(input, weight, padding, groups);
        if (weight.shape[0] != 8)
        {
            return output;
        }

        // The same values, and a second path for the gradient: the input's gradient comes out doubled.
        var again = nn.functional.conv2d(input, weight.detach(), padding: padding, groups: groups);
        return output + again - again.detach();
    }
}
