namespace Inception.Training.Metrics;

/// <summary>A model's results on a labelled set in evaluation mode.</summary>
/// <param name="Loss">Mean plain cross entropy of the main logits.</param>
/// <param name="Top1">Top-1 accuracy, a fraction in [0, 1].</param>
/// <param name="Top5">Top-5 accuracy, a fraction in [0, 1].</param>
/// <param name="Images">How many images were evaluated.</param>
public sealed record Evaluation(double Loss, double Top1, double Top5, long Images);
