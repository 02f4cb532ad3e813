using System.Globalization;
using System.Linq;
using Inception.Compiler.Plan;

namespace Inception.Compiler.Emit.Forward;

/// <summary>The shape comments of a forward.</summary>
internal static class StepShapes
{
    /// <summary><c>N x C x H x W</c> (or <c>N x F</c> once flat) after a step that knows its shape; null for one that does not.</summary>
    public static string? Describe(PlanStep step)
    {
        var output = step switch
        {
            CallStep call => call.Output,
            ConcatStep concat => concat.Output,
            ResidualStep residual => residual.Output,
            _ => null,
        };
        if (output is not { Shape: var shape })
        {
            return null;
        }

        var dims = shape.Flat ? new[] { shape.Channels } : new[] { shape.Channels, shape.Height, shape.Width };
        return "N x " + string.Join(" x ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture)));
    }
}
