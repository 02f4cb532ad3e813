using System.Collections.Generic;
using System.Globalization;
using Inception.Compiler.Analysis;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;

namespace Inception.Compiler.Ops;

/// <summary>What a shape rule sees: the input shape, the instance's parameter values, and where to report.</summary>
internal sealed class ShapeContext
{
    private readonly IReadOnlyDictionary<string, long> _environment;
    private readonly DiagnosticBag _diagnostics;

    public ShapeContext(Shape input, IReadOnlyDictionary<string, long> environment, SourceLocation location, DiagnosticBag diagnostics)
    {
        Input = input;
        _environment = environment;
        Location = location;
        _diagnostics = diagnostics;
    }

    public Shape Input { get; }

    public SourceLocation Location { get; }

    /// <summary>A width's value in this instance: a positive integer that fits a tensor dimension.</summary>
    public int? Width(Width width)
    {
        var value = width.Evaluate(_environment, out var error);
        if (value is null)
        {
            Error(DiagnosticIds.InvalidValue, error!);
            return null;
        }

        if (value <= 0 || value > int.MaxValue)
        {
            Error(DiagnosticIds.InvalidValue, $"a width must be a positive integer of at most {int.MaxValue.ToString(CultureInfo.InvariantCulture)}; '{width}' is {value.Value.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return (int)value.Value;
    }

    /// <summary>An output shape whose every side must be at least 1 and fit a tensor dimension.</summary>
    public Shape? Output(string what, long channels, long height, long width)
    {
        if (height < 1 || width < 1)
        {
            Error(DiagnosticIds.InvalidSpatialSize, $"{what} does not fit its {Input} input (the output would be {height.ToString(CultureInfo.InvariantCulture)}x{width.ToString(CultureInfo.InvariantCulture)})");
            return null;
        }

        if (channels > int.MaxValue || height > int.MaxValue || width > int.MaxValue)
        {
            Error(DiagnosticIds.InvalidValue, $"{what} on a {Input} input gives {channels.ToString(CultureInfo.InvariantCulture)}x{height.ToString(CultureInfo.InvariantCulture)}x{width.ToString(CultureInfo.InvariantCulture)}, a dimension above {int.MaxValue.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return new Shape((int)channels, (int)height, (int)width);
    }

    /// <summary>The output of a convolution (plain, grouped or separable) with <paramref name="channels"/> output channels.</summary>
    public Shape? Convolved(string what, int? channels, Pair kernel, Pair stride, Pair padding) => channels is null
        ? null
        : Output(
            what,
            channels.Value,
            ShapeRules.Conv(Input.Height, kernel.Height, stride.Height, padding.Height),
            ShapeRules.Conv(Input.Width, kernel.Width, stride.Width, padding.Width));

    public void Error(string id, string message) => _diagnostics.Error(id, Location, message);
}
