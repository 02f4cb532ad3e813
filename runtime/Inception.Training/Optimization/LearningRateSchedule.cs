using System;

namespace Inception.Training.Optimization;

/// <summary>
/// A step decay: the rate is <see cref="Initial"/> × <see cref="Factor"/>^⌊epoch / <see cref="EveryEpochs"/>⌋,
/// with epochs counted from 0. Both papers decay this way, per epoch, not per batch.
/// </summary>
/// <param name="Initial">The rate of the first epoch.</param>
/// <param name="Factor">The multiplier applied at each step.</param>
/// <param name="EveryEpochs">Epochs between steps.</param>
public sealed record LearningRateSchedule(double Initial, double Factor, int EveryEpochs)
{
    /// <summary>The learning rate of the epoch with index <paramref name="epoch"/> (0 is the first).</summary>
    public double At(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Initial * Math.Pow(Factor, epoch / EveryEpochs);
    }
}
