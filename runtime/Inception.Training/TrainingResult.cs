using System.Collections.Generic;
using Inception.Training.Metrics;

namespace Inception.Training;

/// <summary>How <see cref="Trainer.Fit"/> ended.</summary>
/// <param name="Cancelled">Whether it stopped early on cancellation (after finishing the batch under way).</param>
/// <param name="History">Every finished epoch's metrics, resumed ones included.</param>
/// <param name="Position">Where the run stopped; resuming from its checkpoint continues from here.</param>
public sealed record TrainingResult(bool Cancelled, IReadOnlyList<EpochMetrics> History, TrainingPosition Position);
