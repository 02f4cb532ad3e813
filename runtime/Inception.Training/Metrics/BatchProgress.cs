namespace Inception.Training.Metrics;

/// <summary>Progress within an epoch after a training batch, for a progress bar.</summary>
/// <param name="Epoch">The epoch's number, counting from 1.</param>
/// <param name="Epochs">The number of epochs of the run.</param>
/// <param name="Batch">Batches done in this epoch, counting from 1.</param>
/// <param name="Batches">Batches in the epoch.</param>
/// <param name="RunningLoss">Mean training loss of the epoch so far.</param>
/// <param name="RunningTop1">Top-1 accuracy of the epoch so far, a fraction in [0, 1].</param>
/// <param name="ImagesPerSecond">Training throughput of the epoch so far.</param>
/// <param name="LearningRate">The learning rate of the step.</param>
public sealed record BatchProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double RunningLoss,
    double RunningTop1,
    double ImagesPerSecond,
    double LearningRate)
{
    /// <summary>Under a time budget, the time the run has left; null for a run of epochs.</summary>
    public System.TimeSpan? TimeLeft { get; init; }
}
