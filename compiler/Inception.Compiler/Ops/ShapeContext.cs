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
    public int? Channels(ChannelExpression width)
    {
        var value = width.Evaluate(_environment, out var error);
        if (value is null)
        {
            Report(Errors.WidthHasNoValue(error!));
            return null;
        }

        if (value <= 0 || value > int.MaxValue)
        {
            Report(Errors.WidthOutOfRange(width, value.Value));
            return null;
        }

        return (int)value.Value;
    }

    /// <summary>An output shape whose every side must be at least 1 and fit a tensor dimension.</summary>
    public Shape? Output(string what, long channels, long height, long width)
    {
        if (height < 1 || width < 1)
        {
            Report(Errors.LayerDoesNotFit(what, Input, height, width));
            return null;
        }

        if (channels > int.MaxValue || height > int.MaxValue || width > int.MaxValue)
        {
            Report(Errors.DimensionTooLarge(what, Input, channels, height, width));
            return null;
        }

        return new Shape((int)channels, (int)height, (int)width);
    }

    /// <summary>A flat output of <paramref name="features"/> features, which must fit a tensor dimension.</summary>
    public Shape? Features(string what, long features) =>
        Output(what, features, 1, 1) is { } shape ? shape with { Flat = true } : null;

    /// <summary>The output of a convolution (plain, grouped or separable) with <paramref name="channels"/> output channels.</summary>
    public Shape? Convolved(string what, int? channels, Pair kernel, Pair stride, Pair padding) => channels is null
        ? null
        : Output(
            what,
            channels.Value,
            ShapeRules.Conv(Input.Height, kernel.Height, stride.Height, padding.Height),
            ShapeRules.Conv(Input.Width, kernel.Width, stride.Width, padding.Width));

    public void Report(DiagnosticMessage message) => _diagnostics.Report(Location, message);
}
