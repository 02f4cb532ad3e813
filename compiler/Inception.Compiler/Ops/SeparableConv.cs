using System.Collections.Generic;
using Inception.Compiler.Analysis;
using Inception.Compiler.IR;
using Inception.Compiler.Plan.Modules;
using static Inception.Compiler.Ops.LoweringArguments;
using static Inception.Compiler.Plan.Modules.ModuleCatalog;

namespace Inception.Compiler.Ops;

/// <summary>A depthwise-separable convolution: a KxK convolution per input channel, then a 1x1 across channels.</summary>
public sealed record SeparableConvOp(ChannelExpression OutChannels, Pair Kernel, Pair Stride, Pair Padding, bool Bias, double? InitStd) : LayerOp
{
    public override OpDefinition Definition => SeparableConv.Instance;
}

/// <summary>
/// <c>separable_conv OUT KxK [stride=S] [pad=P|same|valid] [bias=B] [init_std=S]</c>, Xception's building block.
/// Its module is Inception.Runtime's SeparableConv2d with timm's layout: <c>conv1</c> (depthwise, groups = in)
/// and <c>pointwise</c>, neither with a bias unless <c>bias=true</c>.
/// </summary>
public sealed class SeparableConv : OpDefinition<SeparableConvOp>
{
    public static readonly SeparableConv Instance = new();

    public override string Keyword => "separable_conv";

    public override string Synopsis => "separable_conv OUT KxK [stride=S] [pad=P|same|valid] [bias=B] [init_std=S]";

    public override string Summary => "depthwise-separable convolution: a KxK convolution per input channel, then a 1x1 to OUT channels (Xception)";

    public override IReadOnlyList<OptionSpec> OptionSpecs => new[]
    {
        OptionSpec.Stride,
        OptionSpec.Padding,
        OptionSpec.Bool("bias", "false", "add a learned bias to both convolutions"),
        OptionSpec.InitStd,
    };

    public override bool TakesDefaults => true;

    internal override SeparableConvOp? BindOp(OpArguments arguments)
    {
        var channels = arguments.Channels("output channels");
        var kernel = arguments.Size("kernel size such as 3x3");
        if (!arguments.Complete() || channels is null || kernel is null)
        {
            return null;
        }

        var stride = arguments.Stride(Pair.Square(1));
        return new SeparableConvOp(channels, kernel.Value, stride, arguments.Padding(kernel.Value, stride), arguments.Options.Bool("bias", false), arguments.InitialStd());
    }

    internal override Shape? InferShape(SeparableConvOp op, ShapeContext context) =>
        context.Convolved($"separable_conv {op.Kernel}", context.Channels(op.OutChannels), op.Kernel, op.Stride, op.Padding);

    /// <summary>
    /// Depthwise: in x kh x kw weights, as many MACs per output position; pointwise: out x in weights and MACs
    /// per output position (+ in and out for the biases, when on).
    /// </summary>
    protected override Cost Cost(SeparableConvOp op, Shape input, Shape output)
    {
        var depthwise = checked((long)input.Channels * op.Kernel.Height * op.Kernel.Width);
        var pointwise = checked((long)output.Channels * input.Channels);
        var positions = (long)output.Height * output.Width;
        var biases = op.Bias ? (long)input.Channels + output.Channels : 0;
        return new Cost(checked(depthwise + pointwise + biases), checked((depthwise + pointwise) * positions));
    }

    protected override string Describe(SeparableConvOp op, Shape input, Shape output) => OpText.Words(
        OpText.Invariant(output.Channels) + " " + op.Kernel,
        op.Stride == Pair.Square(1) ? null : "stride=" + OpText.Compact(op.Stride),
        op.Padding == Pair.Square(0) ? null : "pad=" + OpText.Compact(op.Padding),
        op.Bias ? "bias=true" : null);

    internal override LayerLowering? Lower(SeparableConvOp op, LoweringContext context)
    {
        var arguments = Convolution(context.InChannels, op.OutChannels, op.Kernel, op.Stride, op.Padding);
        arguments.AddUnlessDefault(Arg(Args.NoBias, op.Bias));
        return LayerLowering.Single(SeparableConv2d.Make(arguments.ToArray()), op.OutChannels);
    }

    protected override IEnumerable<WeightInitializer> Initializers(SeparableConvOp op) =>
        new[] { new WeightInitializer(".conv1", op.InitStd), new WeightInitializer(".pointwise", op.InitStd) };

    protected override IEnumerable<KeyValuePair<string, string>> ResolvedOptions(SeparableConvOp op) => new[]
    {
        Resolved("stride", OpText.Compact(op.Stride)),
        Resolved("pad", OpText.Compact(op.Padding)),
        Resolved("bias", Truth(op.Bias)),
        Resolved("init_std", Std(op.InitStd)),
    };
}
