using System;
using static TorchSharp.torch;

namespace Inception.Training.Metrics;

/// <summary>Top-k accuracy, the ImageNet papers' measure.</summary>
public static class Accuracy
{
    /// <summary>
    /// How many rows of <paramref name="logits"/> rank their label among their <paramref name="k"/>
    /// largest entries: fewer than k classes score strictly higher than the label. Ties count in the label's
    /// favour, because no engine's order among equal scores means anything (torch.topk's order for ties differs
    /// between devices and versions). With fewer than k classes every row counts. The project's one rule, for
    /// training batches and every evaluation (<see cref="ScoreTally"/>).
    /// </summary>
    public static long CorrectInTopK(Tensor logits, Tensor labels, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        using var scope = NewDisposeScope();
        var own = logits.gather(1, labels.to(int64).unsqueeze(1));
        return logits.gt(own).sum(1).lt(k).sum().item<long>();
    }
}
