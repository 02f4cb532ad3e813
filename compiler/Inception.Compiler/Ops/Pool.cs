using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Analysis;
using Inception.Compiler.IR;
using Inception.Compiler.Plan.Modules;
using static Inception.Compiler.Ops.LoweringArguments;
using static Inception.Compiler.Plan.Modules.ModuleCatalog;

namespace Inception.Compiler.Ops;

public enum PoolKind
{
    Max,
    Average,
}

/// <summary>Max or average pooling over KxK windows.</summary>
public sealed record PoolOp(PoolKind Mode, Pair Kernel, Pair Stride, Pair Padding, bool CeilMode, bool CountIncludePad) : LayerOp
{
    public override OpDefinition Definition => Mode == PoolKind.Max ? Pool.Max : Pool.Average;
}

/// <summary>
/// <c>maxpool KxK [stride=S] [pad=P] [ceil=B]</c> and <c>avgpool KxK [stride=S] [pad=P] [ceil=B] [count_include_pad=B]</c>;
/// the stride defaults to the kernel, as in torch.
/// </summary>
public sealed class Pool : OpDefinition<PoolOp>
{
    public static readonly Pool Max = new(PoolKind.Max);
    public static readonly Pool Average = new(PoolKind.Average);

    /// <summary><c>pool KxK kind=max|avg</c>: the kind as an option, so a block parameter can choose it.</summary>
    public static readonly Pool Any = new(null);

    private readonly PoolKind? _kind;

    private Pool(PoolKind? kind) => _kind = kind;

    public override string Keyword => _kind switch
    {
        PoolKind.Max => "maxpool",
        PoolKind.Average => "avgpool",
        _ => "pool",
    };

    public override string Synopsis => _kind switch
    {
        PoolKind.Max => "maxpool KxK [stride=S] [pad=P] [ceil=B]",
        PoolKind.Average => "avgpool KxK [stride=S] [pad=P] [ceil=B] [count_include_pad=B]",
        _ => "pool KxK kind=max|avg [stride=S] [pad=P] [ceil=B] [count_include_pad=B]",
    };

    public override string Summary => _kind switch
    {
        PoolKind.Max => "max pooling over KxK windows",
        PoolKind.Average => "average pooling over KxK windows",
        _ => "max or average pooling, the kind chosen by an option (so a block parameter can choose it)",
    };

    public override IReadOnlyList<OptionSpec> OptionSpecs
    {
        get
        {
            var kind = new OptionSpec("kind", "(required)", "max or average pooling", new[] { "max", "avg" });
            var stride = new OptionSpec("stride", "the kernel", "step of the window: an integer or HxW");
            var pad = new OptionSpec("pad", "0", "zero padding: an integer or HxW");
            var ceil = OptionSpec.Bool("ceil", "false", "round the output size up (torch's ceil_mode)");
            var countPad = OptionSpec.Bool("count_include_pad", "true", "count padded zeros in the average");
            return _kind switch
            {
                PoolKind.Max => new[] { stride, pad, ceil },
                PoolKind.Average => new[] { stride, pad, ceil, countPad },
                _ => new[] { kind, stride, pad, ceil, countPad },
            };
        }
    }

    public override bool TakesDefaults => _kind is not null;

    /// <summary>
    /// Binds the settings of a pool from its kernel and the statement's options; <c>reduce_grid</c> binds its
    /// pooling branch with the same rules.
    /// </summary>
    internal static PoolOp? Settings(PoolKind kind, Pair kernel, Pair defaultStride, OpArguments arguments)
    {
        var stride = arguments.Stride(defaultStride);
        var padding = arguments.Padding(kernel, stride);
        if (padding.Height * 2 > kernel.Height || padding.Width * 2 > kernel.Width)
        {
            arguments.Report(Diagnostics.Errors.PoolPaddingTooLarge(padding, kernel));
            return null;
        }

        return new PoolOp(
            kind,
            kernel,
            stride,
            padding,
            arguments.Options.Bool("ceil", false),
            kind == PoolKind.Average && arguments.Options.Bool("count_include_pad", true));
    }

    internal override PoolOp? BindOp(OpArguments arguments)
    {
        var kernel = arguments.Size("kernel size such as 3x3");
        if (!arguments.Complete() || kernel is null)
        {
            return null;
        }

        var kind = _kind ?? arguments.Options.Word("kind") switch
        {
            "max" => PoolKind.Max,
            "avg" => PoolKind.Average,
            _ => (PoolKind?)null,
        };
        if (kind is null)
        {
            arguments.Report(Diagnostics.Errors.BadOptionValue("kind", "'max' or 'avg'"));
            return null;
        }

        return Settings(kind.Value, kernel.Value, kernel.Value, arguments);
    }

    internal override Shape? InferShape(PoolOp op, ShapeContext context)
    {
        var input = context.Input;
        return context.Output(
            $"{Keyword} {op.Kernel}",
            input.Channels,
            ShapeRules.Pool(input.Height, op.Kernel.Height, op.Stride.Height, op.Padding.Height, op.CeilMode),
            ShapeRules.Pool(input.Width, op.Kernel.Width, op.Stride.Width, op.Padding.Width, op.CeilMode));
    }

    protected override string Describe(PoolOp op, Shape input, Shape output) => OpText.Words(
        op.Kernel.ToString(),
        op.Stride == op.Kernel ? null : "stride=" + OpText.Compact(op.Stride),
        op.Padding == Pair.Square(0) ? null : "pad=" + OpText.Compact(op.Padding),
        op.CeilMode ? "ceil=true" : null,
        op.Mode == PoolKind.Average && !op.CountIncludePad ? "count_include_pad=false" : null);

    internal override LayerLowering? Lower(PoolOp op, LoweringContext context)
    {
        // The stride is written even where it equals the kernel, as torchvision writes its pools.
        var arguments = new List<Plan.PlanArgument> { Arg(Args.KernelSize, op.Kernel), Arg(Args.PoolStride, op.Stride) };
        arguments.AddUnlessDefault(Arg(Args.Padding, op.Padding));
        arguments.AddUnlessDefault(Arg(Args.CeilMode, op.CeilMode));
        if (op.Mode == PoolKind.Average)
        {
            arguments.AddUnlessDefault(Arg(Args.CountIncludePad, op.CountIncludePad));
        }

        return LayerLowering.Single((op.Mode == PoolKind.Max ? MaxPool2d : AvgPool2d).Make(arguments.ToArray()), context.InChannels);
    }

    protected override IEnumerable<KeyValuePair<string, string>> ResolvedOptions(PoolOp op) => new[]
    {
        Resolved("kind", op.Mode == PoolKind.Max ? "max" : "avg"),
        Resolved("stride", OpText.Compact(op.Stride)),
        Resolved("pad", OpText.Compact(op.Padding)),
        Resolved("ceil", Truth(op.CeilMode)),
        Resolved("count_include_pad", op.Mode == PoolKind.Max ? "-" : Truth(op.CountIncludePad)),
    }.Where(o => Options.Contains(o.Key));
}
