using Inception.Compiler.IR;
using Inception.Compiler.Plan.Modules;
using static Inception.Compiler.Ops.LoweringArguments;
using static Inception.Compiler.Plan.Modules.ModuleCatalog;

namespace Inception.Compiler.Ops;

/// <summary>Average pooling to a fixed output grid, whatever the input grid.</summary>
public sealed record AdaptiveAvgPoolOp(Pair OutputSize) : LayerOp
{
    public override OpDefinition Definition => AdaptiveAvgPool.Instance;
}

/// <summary><c>adaptive_avgpool HxW</c>, and <c>global_avgpool</c> for 1x1.</summary>
public sealed class AdaptiveAvgPool : OpDefinition<AdaptiveAvgPoolOp>
{
    public static readonly AdaptiveAvgPool Instance = new(global: false);
    public static readonly AdaptiveAvgPool Global = new(global: true);

    private readonly bool _global;

    private AdaptiveAvgPool(bool global) => _global = global;

    public override string Keyword => _global ? "global_avgpool" : "adaptive_avgpool";

    public override string Synopsis => _global ? "global_avgpool" : "adaptive_avgpool HxW";

    public override string Summary => _global ? "average over the whole grid, to C x 1 x 1" : "average pooling to a fixed HxW grid, whatever the input grid";

    internal override AdaptiveAvgPoolOp? BindOp(OpArguments arguments)
    {
        var size = _global ? Pair.Square(1) : arguments.Size("output size such as 4x4");
        return arguments.Complete() && size is not null ? new AdaptiveAvgPoolOp(size.Value) : null;
    }

    internal override Shape? InferShape(AdaptiveAvgPoolOp op, ShapeContext context) =>
        context.Output($"adaptive_avgpool {op.OutputSize}", context.Input.Channels, op.OutputSize.Height, op.OutputSize.Width);

    protected override string Describe(AdaptiveAvgPoolOp op, Shape input, Shape output) => op.OutputSize.ToString();

    internal override LayerLowering? Lower(AdaptiveAvgPoolOp op, LoweringContext context) =>
        LayerLowering.Single(AdaptiveAvgPool2d.Make(Arg(Args.OutputSize, op.OutputSize)), context.InChannels);
}
