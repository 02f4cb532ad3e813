using Inception.Compiler.IR;
using Inception.Compiler.Plan.Modules;
using static Inception.Compiler.Ops.LoweringArguments;
using static Inception.Compiler.Plan.Modules.ModuleCatalog;

namespace Inception.Compiler.Ops;

/// <summary>max(x, 0), as a module of its own.</summary>
public sealed record ReluOp : LayerOp
{
    public override OpDefinition Definition => Relu.Instance;
}

/// <summary><c>relu</c>.</summary>
public sealed class Relu : OpDefinition<ReluOp>
{
    public static readonly Relu Instance = new();

    public override string Keyword => "relu";

    public override bool TakesFlatInput => true;

    public override string Summary => "max(x, 0), as a module of its own";

    internal override ReluOp? BindOp(OpArguments arguments) => arguments.Complete() ? new ReluOp() : null;

    internal override Shape? InferShape(ReluOp op, ShapeContext context) => context.Input;

    protected override string Describe(ReluOp op, Shape input, Shape output) => string.Empty;

    internal override LayerLowering? Lower(ReluOp op, LoweringContext context) => LayerLowering.Single(ReLU.Make(), context.InChannels);
}
