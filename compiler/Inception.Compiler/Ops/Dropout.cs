using System.Globalization;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Plan.Modules;
using static Inception.Compiler.Ops.LoweringArguments;
using static Inception.Compiler.Plan.Modules.ModuleCatalog;

namespace Inception.Compiler.Ops;

/// <summary>Zeroes each element with probability p in training (and scales the rest by 1/(1-p)).</summary>
public sealed record DropoutOp(double Probability) : LayerOp
{
    public override OpDefinition Definition => Dropout.Instance;
}

/// <summary><c>dropout P</c>, P in [0, 1).</summary>
public sealed class Dropout : OpDefinition<DropoutOp>
{
    public static readonly Dropout Instance = new();

    public override string Keyword => "dropout";

    public override bool TakesFlatInput => true;

    public override string Synopsis => "dropout P";

    public override string Summary => "in training, zeroes each element with probability P (0 <= P < 1) and scales the rest by 1/(1-P)";

    internal override DropoutOp? BindOp(OpArguments arguments)
    {
        var probability = arguments.Number("drop probability");
        if (!arguments.Complete() || probability is null)
        {
            return null;
        }

        if (probability is < 0 or >= 1 || double.IsNaN(probability.Value))
        {
            arguments.Report(Errors.DropoutProbabilityOutOfRange(probability.Value));
            return null;
        }

        return new DropoutOp(probability.Value);
    }

    internal override Shape? InferShape(DropoutOp op, ShapeContext context) => context.Input;

    protected override string Describe(DropoutOp op, Shape input, Shape output) => op.Probability.ToString(CultureInfo.InvariantCulture);

    internal override LayerLowering? Lower(DropoutOp op, LoweringContext context) =>
        LayerLowering.Single(ModuleCatalog.Dropout.Make(Arg(Args.Probability, op.Probability)), context.InChannels);
}
