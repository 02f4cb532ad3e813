using System.Collections.Generic;
using Inception.Runtime;
using static TorchSharp.torch;

namespace Inception.Training.Loss;

/// <summary>
/// The training objective of an Inception network: the label-smoothed cross entropy of the main
/// logits plus, for each auxiliary head, its cross entropy times the loss weight its .incept file
/// declares (0.3 for GoogLeNet's heads, 0.4 for Inception-v3's). The auxiliary heads get the same
/// smoothing, as in the TF-slim training script that accompanied the Rethinking paper.
/// </summary>
public static class InceptionLoss
{
    /// <summary>The total loss, a scalar that <c>backward()</c> can be called on.</summary>
    /// <param name="logits">The main classifier's output, N x classes.</param>
    /// <param name="auxiliaryOutputs">The auxiliary heads' outputs of the same forward pass (empty in evaluation mode).</param>
    /// <param name="labels">Class indices, N, int64.</param>
    /// <param name="labelSmoothing">ε; 0 for the ordinary cross entropy.</param>
    public static Tensor Compute(
        Tensor logits,
        IReadOnlyList<AuxiliaryOutput> auxiliaryOutputs,
        Tensor labels,
        double labelSmoothing)
    {
        using var scope = NewDisposeScope();
        var total = LabelSmoothing.CrossEntropy(logits, labels, labelSmoothing);
        foreach (var auxiliary in auxiliaryOutputs)
        {
            total = total + (auxiliary.LossWeight * LabelSmoothing.CrossEntropy(auxiliary.Logits, labels, labelSmoothing));
        }

        return total.MoveToOuterDisposeScope();
    }
}
