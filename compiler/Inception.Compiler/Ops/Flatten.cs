using Inception.Compiler.IR;
using Inception.Compiler.Plan.Modules;
using static Inception.Compiler.Ops.LoweringArguments;
using static Inception.Compiler.Plan.Modules.ModuleCatalog;

namespace Inception.Compiler.Ops;

/// <summary>Flattens C x H x W into one vector of C*H*W features.</summary>
public sealed record FlattenOp : LayerOp
{
    public override OpDefinition Definition => Flatten.Instance;
}

/// <summary><c>flatten</c>.</summary>
public sealed class Flatten : OpDefinition<FlattenOp>
{
    public static readonly Flatten Instance = new();

    public override string Keyword => "flatten";

    public override bool TakesFlatInput => true;

    public override string Summary => "flattens C x H x W into one vector of C*H*W features";

    public override bool FlattensOutput => true;

    internal override FlattenOp? BindOp(OpArguments arguments) => arguments.Complete() ? new FlattenOp() : null;

    internal override Shape? InferShape(FlattenOp op, ShapeContext context) =>
        context.Features("flatten", context.Input.Elements);

    protected override string Describe(FlattenOp op, Shape input, Shape output) => string.Empty;

    internal override LayerLowering? Lower(FlattenOp op, LoweringContext context) =>
        context.InputSpatialSize() is { } size
            ? LayerLowering.Single(ModuleCatalog.Flatten.Make(), ChannelExpression.Binary('*', context.InChannels, ChannelExpression.Of(size)))
            : null;
}
