using System.Collections.Generic;
using Inception.Compiler.IR;
using Inception.Compiler.Plan.Modules;
using static Inception.Compiler.Ops.LoweringArguments;
using static Inception.Compiler.Plan.Modules.ModuleCatalog;

namespace Inception.Compiler.Ops;

/// <summary>Batch normalization over channels (1-d after a flatten or linear layer, 2-d otherwise).</summary>
/// <param name="Affine">Whether it learns a scale and a shift (TF-slim's batch norm without <c>scale</c> has neither).</param>
public sealed record BatchNormOp(double Eps, bool Affine = true) : LayerOp
{
    public override OpDefinition Definition => BatchNorm.Instance;
}

/// <summary><c>batchnorm [eps=E] [affine=B]</c>.</summary>
public sealed class BatchNorm : OpDefinition<BatchNormOp>
{
    public static readonly BatchNorm Instance = new();

    public override string Keyword => "batchnorm";

    public override bool TakesFlatInput => true;

    public override string Synopsis => "batchnorm [eps=E] [affine=B]";

    public override string Summary => "batch normalization over channels (1-d after a flatten or linear layer)";

    public override IReadOnlyList<OptionSpec> OptionSpecs => new[]
    {
        OptionSpec.Epsilon,
        OptionSpec.Bool("affine", "true", "learn a scale and a shift per channel"),
    };

    public override bool TakesDefaults => true;

    internal override BatchNormOp? BindOp(OpArguments arguments) =>
        arguments.Complete() ? new BatchNormOp(arguments.Epsilon(1e-5), arguments.Options.Bool("affine", true)) : null;

    internal override Shape? InferShape(BatchNormOp op, ShapeContext context) => context.Input;

    /// <summary>A scale and a shift per channel when affine (running statistics are buffers, not parameters).</summary>
    protected override Cost Cost(BatchNormOp op, Shape input, Shape output) => new(op.Affine ? 2L * input.Channels : 0, 0);

    protected override string Describe(BatchNormOp op, Shape input, Shape output) =>
        OpText.Words("eps=" + OpText.Decimal(op.Eps), op.Affine ? null : "affine=false");

    internal override LayerLowering? Lower(BatchNormOp op, LoweringContext context)
    {
        // eps is written even where it is torch's default, so the generated call states the .incept value.
        var arguments = new List<Plan.PlanArgument> { Arg(Args.NumFeatures, context.InChannels), Arg(Args.NormEps, op.Eps) };
        arguments.AddUnlessDefault(Arg(Args.Affine, op.Affine));
        return LayerLowering.Single((context.InputFlat ? BatchNorm1d : BatchNorm2d).Make(arguments.ToArray()), context.InChannels);
    }

    protected override IEnumerable<KeyValuePair<string, string>> ResolvedOptions(BatchNormOp op) => new[]
    {
        Resolved("eps", OpText.Decimal(op.Eps)),
        Resolved("affine", Truth(op.Affine)),
    };
}
