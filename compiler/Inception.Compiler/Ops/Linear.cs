using System.Collections.Generic;
using Inception.Compiler.Collections;
using Inception.Compiler.IR;
using Inception.Compiler.Plan.Modules;
using static Inception.Compiler.Ops.LoweringArguments;
using static Inception.Compiler.Plan.Modules.ModuleCatalog;

namespace Inception.Compiler.Ops;

/// <summary>A fully connected layer on the flattened input, optionally followed by a 1-d batch norm and ReLU.</summary>
public sealed record LinearOp(ChannelExpression OutFeatures, bool Bias, double? BatchNormEps, bool Relu, double? InitStd) : LayerOp
{
    public override OpDefinition Definition => Linear.Instance;
}

/// <summary><c>linear OUT [bias=B] [bn=B] [eps=E] [relu=B] [init_std=S]</c>; it flattens its input, as torchvision's classifiers do after pooling.</summary>
public sealed class Linear : OpDefinition<LinearOp>
{
    public static readonly Linear Instance = new();

    public override string Keyword => "linear";

    public override bool TakesFlatInput => true;

    public override string Synopsis => "linear OUT [bias=B] [bn=B] [eps=E] [relu=B] [init_std=S]";

    public override string Summary => "fully connected layer to OUT features; flattens its input first";

    public override IReadOnlyList<OptionSpec> OptionSpecs => new[]
    {
        OptionSpec.Bool("bias", "true without bn, false with it", "add a learned bias"),
        OptionSpec.Bool("bn", "false", "1-d batch normalization after the layer"),
        OptionSpec.Epsilon,
        OptionSpec.Bool("relu", "false", "ReLU after the layer (and batch norm)"),
        OptionSpec.InitStd,
    };

    public override bool TakesDefaults => true;

    public override bool FlattensOutput => true;

    internal override LinearOp? BindOp(OpArguments arguments)
    {
        var features = arguments.Channels("output features");
        if (!arguments.Complete() || features is null)
        {
            return null;
        }

        var batchNorm = arguments.Options.Bool("bn", false);
        return new LinearOp(
            features,
            arguments.Options.Bool("bias", !batchNorm),
            batchNorm ? arguments.Epsilon(1e-5) : null,
            arguments.Options.Bool("relu", false),
            arguments.InitialStd());
    }

    internal override Shape? InferShape(LinearOp op, ShapeContext context) =>
        context.Channels(op.OutFeatures) is { } features ? context.Features("linear", features) : null;

    /// <summary>Parameters = in x out (+ out bias) (+ 2 x out for BatchNorm1d); MACs = in x out.</summary>
    protected override Cost Cost(LinearOp op, Shape input, Shape output)
    {
        var weights = checked(input.Elements * output.Channels);
        return new Cost(checked(weights + (op.Bias ? output.Channels : 0) + (op.BatchNormEps is null ? 0 : 2L * output.Channels)), weights);
    }

    protected override string Describe(LinearOp op, Shape input, Shape output) => OpText.Words(
        OpText.Invariant(output.Channels),
        op.Bias ? null : "bias=false",
        op.BatchNormEps is { } eps ? "bn eps=" + OpText.Decimal(eps) : null,
        op.Relu ? "relu" : null);

    internal override LayerLowering? Lower(LinearOp op, LoweringContext context)
    {
        if (context.InputSpatialSize() is not { } size)
        {
            return null;
        }

        var inFeatures = ChannelExpression.Binary('*', context.InChannels, ChannelExpression.Of(size));
        var arguments = new List<Plan.PlanArgument> { Arg(Args.InFeatures, inFeatures), Arg(Args.OutFeatures, op.OutFeatures) };
        arguments.AddUnlessDefault(Arg(Args.LinearBias, op.Bias));
        var linear = ModuleCatalog.Linear.Make(arguments.ToArray());
        var modules = new List<LoweredModule> { new(string.Empty, linear) };
        if (op.BatchNormEps is { } eps)
        {
            modules.Add(new LoweredModule("_bn", BatchNorm1d.Make(Arg(Args.NumFeatures, op.OutFeatures), Arg(Args.NormEps, eps))));
        }

        return new LayerLowering(modules.ToEquatableArray(), op.OutFeatures, FlattenInput: !context.InputFlat, ReluAfter: op.Relu);
    }

    protected override IEnumerable<WeightInitializer> Initializers(LinearOp op) => new[] { new WeightInitializer(string.Empty, op.InitStd) };

    protected override IEnumerable<KeyValuePair<string, string>> ResolvedOptions(LinearOp op) => new[]
    {
        Resolved("bias", Truth(op.Bias)),
        Resolved("bn", Truth(op.BatchNormEps is not null)),
        Resolved("eps", op.BatchNormEps is { } eps ? OpText.Decimal(eps) : "-"),
        Resolved("relu", Truth(op.Relu)),
        Resolved("init_std", Std(op.InitStd)),
    };
}
