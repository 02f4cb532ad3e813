using Inception.Runtime;
using Inception.Training.Loss;
using Inception.Training.Metrics;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inception.Training;

/// <summary>The result of one optimisation step.</summary>
/// <param name="Loss">The batch's mean total loss.</param>
/// <param name="Correct">Top-1 hits of the main logits.</param>
/// <param name="GradientNorm">The global gradient norm before clipping; NaN when clipping is off.</param>
internal sealed record StepOutcome(double Loss, long Correct, double GradientNorm);

/// <summary>One optimisation step: forward in training mode, the Inception loss, backward, clipping, update.</summary>
internal static class TrainingStep
{
    public static StepOutcome Run(
        InceptionNetwork model,
        OptimizerHelper optimizer,
        Tensor images,
        Tensor labels,
        double labelSmoothing,
        double? clipNorm)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var logits = model.call(images);
        var loss = InceptionLoss.Compute(logits, model.AuxiliaryOutputs, labels, labelSmoothing);
        loss.backward();
        var gradientNorm = clipNorm is double maximum ? nn.utils.clip_grad_norm_(model.parameters(), maximum) : double.NaN;
        optimizer.step();
        return new StepOutcome(loss.item<float>(), Accuracy.CorrectInTopK(logits, labels, 1), gradientNorm);
    }
}
