using System.Collections.Generic;
using Inception.Training.Data;
using Inception.Training.Metrics;
using Inception.Training.Optimization;

namespace Inception.Training;

/// <summary>The non-tensor part of a checkpoint, stored as JSON.</summary>
/// <param name="Optimizer">The optimiser whose state follows; a resumed run must use the same one.</param>
/// <param name="Seed">The run's seed, for the record.</param>
/// <param name="Position">Where the run stood.</param>
/// <param name="History">The metrics of every finished epoch.</param>
/// <param name="Normalization">The input standardization the run used.</param>
/// <param name="EmaUpdates">How many updates the weight average has had; null when the file holds no average.</param>
/// <param name="Recipe">Every setting of the run in one line (<see cref="TrainingRecipe.Describe"/>), for the record.</param>
internal sealed record CheckpointMetadata(
    OptimizerKind Optimizer,
    int Seed,
    TrainingPosition Position,
    IReadOnlyList<EpochMetrics> History,
    Normalization? Normalization,
    long? EmaUpdates,
    string? Recipe = null);
