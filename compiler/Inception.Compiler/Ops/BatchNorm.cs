using System.Collections.Generic;
using Inception.Compiler.IR;
using static Inception.Compiler.Ops.Modules;

namespace Inception.Compiler.Ops;

/// <summary>Batch normalization over channels (1-d after a flatten or linear layer, 2-d otherwise).</summary>
public sealed record BatchNormOp(double Eps) : LayerOp
{
    public override OpDefinition Definition => BatchNorm.Instance;
}

/// <summary><c>batchnorm [eps=E]</c>.</summary>
public sealed class BatchNorm : OpDefinition<BatchNormOp>
{
    public static readonly BatchNorm Instance = new();

    public override string Keyword => "batchnorm";

    public override IReadOnlyList<string> Options => new[] { "eps" };

    public override bool TakesDefaults => true;

    internal override BatchNormOp? BindOp(OpArguments arguments) => arguments.Complete() ? new BatchNormOp(arguments.Epsilon(1e-5)) : null;

    internal override Shape? InferShape(BatchNormOp op, ShapeContext context) => context.Input;

    /// <summary>A scale and a shift per channel (running statistics are buffers, not parameters).</summary>
    protected override Cost Cost(BatchNormOp op, Shape input, Shape output) => new(2L * input.Channels, 0);

    protected override string Describe(BatchNormOp op, Shape input, Shape output) => "eps=" + OpText.Decimal(op.Eps);

    internal override LayerLowering? Lower(BatchNormOp op, LoweringContext context) =>
        LayerLowering.Single(Torch(context.InputFlat ? "BatchNorm1d" : "BatchNorm2d", Arg(context.InChannels), Arg("eps", op.Eps)), context.InChannels);
}
