using System;
using static TorchSharp.torch;

namespace Inception.Training.Metrics;

/// <summary>
/// Adds up a classifier's results over batches of logits: the mean plain cross entropy (no label smoothing) and
/// top-1 and top-5 accuracy. The one evaluation rule of the project, for the trainer's test pass, <c>eval
/// --weights</c> (TorchSharp) and <c>eval --onnx</c> (ONNX Runtime) alike. A label is in the top k when fewer than k
/// classes score strictly higher: ties count in its favour, because no engine's order among equal scores means
/// anything.
/// </summary>
public sealed class ScoreTally
{
    private double lossSum;
    private long top1;
    private long top5;
    private long images;

    /// <summary>Adds a batch of logits (N x classes) and labels (N) from any device.</summary>
    public void Add(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var truth = labels.to(logits.device).to(int64);
        lossSum += nn.functional.cross_entropy(logits.detach().to(float64), truth, reduction: nn.Reduction.Sum).item<double>();
        top1 += Accuracy.CorrectInTopK(logits, truth, 1);
        top5 += Accuracy.CorrectInTopK(logits, truth, 5);
        images += labels.shape[0];
    }

    /// <summary>Adds a batch as plain arrays (ONNX Runtime's output): one row of <paramref name="classes"/> scores per label.</summary>
    public void Add(float[] logits, long[] labels, int classes)
    {
        if (logits.Length != labels.Length * classes)
        {
            throw new InvalidOperationException($"the model gives {logits.Length / Math.Max(1, labels.Length)} scores per image, and the data set has {classes} classes");
        }

        using var scores = tensor(logits).view(labels.Length, classes);
        using var truth = tensor(labels);
        Add(scores, truth);
    }

    /// <summary>The results over every batch added so far.</summary>
    public Evaluation Result() => images == 0
        ? throw new InvalidOperationException("Nothing was evaluated.")
        : new Evaluation(lossSum / images, (double)top1 / images, (double)top5 / images, images);
}
