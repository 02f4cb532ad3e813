using System;
using static TorchSharp.torch;

namespace Inception.Training.Loss;

/// <summary>
/// Label-smoothing regularization from "Rethinking the Inception Architecture" (section 7): the
/// target distribution becomes q'(k) = (1 - ε) δ(k, y) + ε / K, so the network is not pushed
/// towards infinitely confident logits. The paper uses ε = 0.1.
/// </summary>
public static class LabelSmoothing
{
    /// <summary>The ε of the paper's ImageNet runs.</summary>
    public const double PaperEpsilon = 0.1;

    /// <summary>The smoothed target distribution of each label, N x <paramref name="classes"/>, float32.</summary>
    public static Tensor Targets(Tensor labels, long classes, double epsilon)
    {
        if (epsilon is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Label smoothing must lie in [0, 1].");
        }

        using var oneHot = nn.functional.one_hot(labels, classes);
        using var asFloat = oneHot.to(float32);
        using var scaled = asFloat.mul(1 - epsilon);
        return scaled.add(epsilon / classes);
    }

    /// <summary>
    /// The batch mean of the cross entropy between the smoothed targets and softmax(<paramref name="logits"/>).
    /// With ε = 0 it is the ordinary cross entropy.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels, double epsilon)
    {
        using var scope = NewDisposeScope();
        var targets = Targets(labels, logits.shape[1], epsilon).to(logits.dtype);
        var perExample = -(targets * logits.log_softmax(1)).sum(1);
        return perExample.mean().MoveToOuterDisposeScope();
    }
}
