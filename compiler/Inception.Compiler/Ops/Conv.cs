using System.Collections.Generic;
using Inception.Compiler.Analysis;
using Inception.Compiler.IR;
using Inception.Compiler.Plan.Modules;
using static Inception.Compiler.Ops.LoweringArguments;
using static Inception.Compiler.Plan.Modules.ModuleCatalog;

namespace Inception.Compiler.Ops;

/// <summary>A 2-d convolution, optionally followed by batch norm and ReLU (with batch norm: torchvision's BasicConv2d).</summary>
public sealed record ConvOp(
    ChannelExpression OutChannels,
    Pair Kernel,
    Pair Stride,
    Pair Padding,
    bool Bias,
    double? BatchNormEps,
    bool Relu,
    double? InitStd,
    int Groups = 1) : LayerOp
{
    public override OpDefinition Definition => Conv.Instance;
}

/// <summary><c>conv OUT KxK [stride=S] [pad=P|same|valid] [groups=G] [bias=B] [bn=B] [eps=E] [relu=B] [init_std=S]</c>.</summary>
public sealed class Conv : OpDefinition<ConvOp>
{
    public static readonly Conv Instance = new();

    public override string Keyword => "conv";

    public override string Synopsis => "conv OUT KxK [stride=S] [pad=P|same|valid] [groups=G] [bias=B] [bn=B] [eps=E] [relu=B] [init_std=S]";

    public override string Summary => "2-d convolution to OUT channels, optionally followed by batch norm and ReLU (with bn: torchvision's BasicConv2d)";

    public override IReadOnlyList<OptionSpec> OptionSpecs => new[]
    {
        OptionSpec.Stride,
        OptionSpec.Padding,
        new OptionSpec("groups", "1", "grouped convolution: G must divide the input and output channels"),
        OptionSpec.Bool("bias", "true without bn, false with it", "add a learned bias"),
        OptionSpec.Bool("bn", "false", "batch normalization after the convolution"),
        OptionSpec.Epsilon,
        OptionSpec.Bool("relu", "false", "ReLU after the convolution (and batch norm)"),
        OptionSpec.InitStd,
    };

    public override bool TakesDefaults => true;

    internal override ConvOp? BindOp(OpArguments arguments)
    {
        var channels = arguments.Channels("output channels");
        var kernel = arguments.Size("kernel size such as 3x3");
        if (!arguments.Complete() || channels is null || kernel is null)
        {
            return null;
        }

        var stride = arguments.Stride(Pair.Square(1));
        var padding = arguments.Padding(kernel.Value, stride);
        var batchNorm = arguments.Options.Bool("bn", false);
        return new ConvOp(
            channels,
            kernel.Value,
            stride,
            padding,
            arguments.Options.Bool("bias", !batchNorm),
            batchNorm ? arguments.Epsilon(1e-5) : null,
            arguments.Options.Bool("relu", false),
            arguments.InitialStd(),
            arguments.Groups());
    }

    internal override Shape? InferShape(ConvOp op, ShapeContext context)
    {
        var channels = context.Channels(op.OutChannels);
        var input = context.Input;
        if (channels is not null && (input.Channels % op.Groups != 0 || channels % op.Groups != 0))
        {
            context.Report(Diagnostics.Errors.GroupsDoNotDivide(op.Groups, input.Channels, channels.Value));
            return null;
        }

        return context.Convolved($"conv {op.Kernel}", channels, op.Kernel, op.Stride, op.Padding);
    }

    /// <summary>
    /// Parameters = out x in/groups x kh x kw (+ out for a bias) (+ 2 x out for batch norm's scale and shift);
    /// MACs = out x H_out x W_out x in/groups x kh x kw (one multiply-add per weight per output position).
    /// </summary>
    protected override Cost Cost(ConvOp op, Shape input, Shape output)
    {
        var weights = checked((long)output.Channels * (input.Channels / op.Groups) * op.Kernel.Height * op.Kernel.Width);
        var parameters = checked(weights + (op.Bias ? output.Channels : 0) + (op.BatchNormEps is null ? 0 : 2L * output.Channels));
        return new Cost(parameters, checked(weights * output.Height * output.Width));
    }

    protected override string Describe(ConvOp op, Shape input, Shape output) => OpText.Words(
        OpText.Invariant(output.Channels) + " " + op.Kernel,
        op.Stride == Pair.Square(1) ? null : "stride=" + OpText.Compact(op.Stride),
        op.Padding == Pair.Square(0) ? null : "pad=" + OpText.Compact(op.Padding),
        op.Groups == 1 ? null : "groups=" + OpText.Invariant(op.Groups),
        op.Bias && op.BatchNormEps is not null ? "bias=true" : null,
        op.BatchNormEps is { } eps ? "bn eps=" + OpText.Decimal(eps) : null,
        op.Relu ? "relu" : null);

    internal override LayerLowering? Lower(ConvOp op, LoweringContext context)
    {
        var arguments = Convolution(context.InChannels, op.OutChannels, op.Kernel, op.Stride, op.Padding);
        arguments.AddUnlessDefault(Arg(Args.Groups, ChannelExpression.Of(op.Groups)));
        if (op.BatchNormEps is { } eps)
        {
            arguments.AddUnlessDefault(Arg(Args.NoBias, op.Bias));
            arguments.AddUnlessDefault(Arg(Args.ConvEps, eps));
            arguments.AddUnlessDefault(Arg(Args.Relu, op.Relu));
            return LayerLowering.Single(BasicConv2d.Make(arguments.ToArray()), op.OutChannels);
        }

        arguments.AddUnlessDefault(Arg(Args.Bias, op.Bias));
        return LayerLowering.Single(Conv2d.Make(arguments.ToArray()), op.OutChannels) with { ReluAfter = op.Relu };
    }

    protected override IEnumerable<KeyValuePair<string, string>> ResolvedOptions(ConvOp op) => new[]
    {
        Resolved("stride", OpText.Compact(op.Stride)),
        Resolved("pad", OpText.Compact(op.Padding)),
        Resolved("groups", OpText.Invariant(op.Groups)),
        Resolved("bias", Truth(op.Bias)),
        Resolved("bn", Truth(op.BatchNormEps is not null)),
        Resolved("eps", op.BatchNormEps is { } eps ? OpText.Decimal(eps) : "-"),
        Resolved("relu", Truth(op.Relu)),
        Resolved("init_std", Std(op.InitStd)),
    };

    /// <summary>A conv with batch norm is a BasicConv2d, whose weight sits in its <c>conv</c> submodule.</summary>
    protected override IEnumerable<WeightInitializer> Initializers(ConvOp op) =>
        new[] { new WeightInitializer(op.BatchNormEps is null ? string.Empty : ".conv", op.InitStd) };
}
