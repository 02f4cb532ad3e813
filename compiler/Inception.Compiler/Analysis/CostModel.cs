using Inception.Compiler.IR;
using Inception.Compiler.Semantics;

namespace Inception.Compiler.Analysis;

/// <summary>
/// Parameter and multiply-accumulate (MAC) counts per operation. Only convolutions and linear layers count
/// MACs, the convention of torchvision's published "GFLOPS" (which are MACs); batch norm, ReLU, pooling and
/// concatenation cost no MACs here. FLOPs = 2 x MACs.
/// </summary>
public static class CostModel
{
    /// <summary>
    /// Conv2d: parameters = out x in x kh x kw (+ out for a bias) (+ 2 x out for batch norm's scale and shift);
    /// MACs = out x H_out x W_out x in x kh x kw (one multiply-add per weight per output position).
    /// </summary>
    public static (long Parameters, long Macs) Conv(int inChannels, Shape output, Pair kernel, bool bias, bool batchNorm)
    {
        long weights = (long)output.Channels * inChannels * kernel.Height * kernel.Width;
        var parameters = weights + (bias ? output.Channels : 0) + (batchNorm ? 2L * output.Channels : 0);
        return (parameters, weights * output.Height * output.Width);
    }

    /// <summary>Linear: parameters = in x out (+ out bias) (+ 2 x out for BatchNorm1d); MACs = in x out.</summary>
    public static (long Parameters, long Macs) Linear(long inFeatures, int outFeatures, bool bias, bool batchNorm)
    {
        var weights = inFeatures * outFeatures;
        return (weights + (bias ? outFeatures : 0) + (batchNorm ? 2L * outFeatures : 0), weights);
    }

    /// <summary>BatchNorm: a scale and a shift per channel (running statistics are buffers, not parameters).</summary>
    public static long BatchNorm(int channels) => 2L * channels;
}
