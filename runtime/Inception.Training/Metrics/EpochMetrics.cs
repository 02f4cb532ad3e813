namespace Inception.Training.Metrics;

/// <summary>What one epoch of training achieved. Accuracies are fractions in [0, 1].</summary>
/// <param name="Epoch">The epoch's number, counting from 1.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's images (label smoothing and auxiliary heads included).</param>
/// <param name="TrainTop1">Top-1 accuracy of the main logits on the training batches, as they were seen (training mode, augmented).</param>
/// <param name="TestLoss">Mean plain cross entropy (no smoothing) of the main logits on the test set, in evaluation mode.</param>
/// <param name="TestTop1">Top-1 accuracy on the test set.</param>
/// <param name="TestTop5">Top-5 accuracy on the test set.</param>
/// <param name="Seconds">Wall-clock time of the epoch, evaluation included.</param>
/// <param name="ImagesPerSecond">Training images per second of training time (evaluation excluded).</param>
/// <param name="LearningRate">The learning rate of the epoch's last step (the epoch's only one under the papers' step decay).</param>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainTop1,
    double TestLoss,
    double TestTop1,
    double TestTop5,
    double Seconds,
    double ImagesPerSecond,
    double LearningRate);
