using System;
using static TorchSharp.torch;

namespace Inception.Training.Metrics;

/// <summary>Top-k accuracy, the ImageNet papers' measure.</summary>
public static class Accuracy
{
    /// <summary>
    /// How many rows of <paramref name="logits"/> rank their label among their <paramref name="k"/>
    /// largest entries. With fewer than k classes every row counts.
    /// </summary>
    public static long CorrectInTopK(Tensor logits, Tensor labels, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        using var scope = NewDisposeScope();
        var (_, indices) = logits.topk((int)Math.Min(k, logits.shape[1]), dim: 1);
        var hits = indices.eq(labels.unsqueeze(1)).any(1);
        return hits.sum().item<long>();
    }
}
