using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inception.Runtime;

/// <summary>
/// Convolution, batch normalization and (optionally) ReLU: the unit every Inception network is
/// built from. Its submodules are named <c>conv</c> and <c>bn</c> like torchvision's
/// BasicConv2d, so pretrained state_dicts load by name.
/// </summary>
public sealed class BasicConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
    private readonly bool applyRelu;

    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Kernel height and width.</param>
    /// <param name="stride">Stride; (1, 1) when null.</param>
    /// <param name="padding">Zero padding; (0, 0) when null.</param>
    /// <param name="bias">Whether the convolution has a bias; batch normalization makes it redundant.</param>
    /// <param name="eps">Batch normalization epsilon; torchvision's Inception networks use 0.001.</param>
    /// <param name="relu">Whether a ReLU follows batch normalization.</param>
    /// <param name="name">The module's type name.</param>
    /// <param name="groups">Groups of the convolution: 1 for an ordinary one, the input channels for a depthwise one.</param>
    public BasicConv2d(
        long inChannels,
        long outChannels,
        (long, long) kernelSize,
        (long, long)? stride = null,
        (long, long)? padding = null,
        bool bias = false,
        double eps = 1e-3,
        bool relu = true,
        string name = "BasicConv2d",
        long groups = 1)
        : base(name)
    {
        // Before this process's first convolution: some CPUs need another engine to compute them right.
        Convolutions.ConvolutionSelfCheck.EnsureVerified();
        conv = nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, groups: groups, bias: bias);
        bn = nn.BatchNorm2d(outChannels, eps: eps);
        applyRelu = relu;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var convolved = conv.call(input);
        var normalized = bn.call(convolved);
        return applyRelu ? normalized.relu_() : normalized;
    }
}
