using System;

namespace Inception.Training.Optimization;

/// <summary>
/// The learning rate as a function of how far the run is, from 0 (start) to 1 (its end, in epochs or in time):
/// rising linearly to <see cref="Peak"/> over the first <see cref="WarmupFraction"/>, then falling linearly to
/// zero at the end. The first step already gets a small rate rather than none.
/// </summary>
/// <param name="Peak">The highest rate, reached when warmup ends.</param>
/// <param name="WarmupFraction">The share of the run spent warming up, in [0, 1).</param>
public sealed record WarmupLinearDecay(double Peak, double WarmupFraction)
{
    /// <summary>The smallest share of the peak a warmup step gets, so that the run's first step is not wasted.</summary>
    public const double WarmupFloor = 0.02;

    /// <summary>The rate at <paramref name="progress"/>, clamped to [0, 1].</summary>
    public double At(double progress)
    {
        var p = Math.Clamp(progress, 0, 1);
        return p < WarmupFraction
            ? Peak * Math.Max(WarmupFloor, p / WarmupFraction)
            : Peak * (1 - p) / (1 - WarmupFraction);
    }
}
