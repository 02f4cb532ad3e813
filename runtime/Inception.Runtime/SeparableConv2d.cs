using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inception.Runtime;

/// <summary>
/// A depthwise-separable convolution: a KxK convolution per input channel (<c>conv1</c>, groups = in), then a
/// 1x1 convolution across channels (<c>pointwise</c>). The names are timm's (Xception's SeparableConv2d), so
/// its pretrained state_dicts load by name.
/// </summary>
public sealed class SeparableConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d pointwise;

    /// <param name="inChannels">Input channels, and the depthwise convolution's groups.</param>
    /// <param name="outChannels">Output channels of the pointwise convolution.</param>
    /// <param name="kernelSize">Kernel of the depthwise convolution.</param>
    /// <param name="stride">Stride of the depthwise convolution; (1, 1) when null.</param>
    /// <param name="padding">Zero padding of the depthwise convolution; (0, 0) when null.</param>
    /// <param name="bias">Whether both convolutions have a bias; timm's have none.</param>
    public SeparableConv2d(long inChannels, long outChannels, (long, long) kernelSize, (long, long)? stride = null, (long, long)? padding = null, bool bias = false)
        : base(nameof(SeparableConv2d))
    {
        Convolutions.ConvolutionSelfCheck.EnsureVerified();
        conv1 = nn.Conv2d(inChannels, inChannels, kernelSize, stride: stride, padding: padding, groups: inChannels, bias: bias);
        pointwise = nn.Conv2d(inChannels, outChannels, (1, 1), bias: bias);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var depthwise = conv1.call(input);
        return pointwise.call(depthwise);
    }
}
