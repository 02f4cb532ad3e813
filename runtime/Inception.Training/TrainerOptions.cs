using System;
using Inception.Training.Data;
using Inception.Training.Loss;
using Inception.Training.Optimization;

namespace Inception.Training;

/// <summary>
/// Settings of a <see cref="Trainer"/> run. The defaults are the Rethinking paper's recipe (RMSProp,
/// label smoothing 0.1, gradient clipping at 2.0, an averaged model for evaluation) scaled to
/// a small data set.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>How many epochs the run has in total (a resumed run counts the epochs already done).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Training images per batch.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Images per batch during evaluation, which needs no gradients and can take more.</summary>
    public int EvaluationBatchSize { get; init; } = 500;

    /// <summary>RMSProp (Rethinking) or SGD with momentum (GoogLeNet).</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.RmsProp;

    /// <summary>The first epoch's learning rate; null for the paper's (0.045 for RMSProp, 0.01 for SGD).</summary>
    public double? LearningRate { get; init; }

    /// <summary>The learning rate's step-decay factor; null keeps the optimizer's paper recipe (0.94 for RMSProp, 0.96 for SGD).</summary>
    public double? LearningRateDecay { get; init; }

    /// <summary>Epochs between decay steps; null keeps the paper recipe (2 for RMSProp, 8 for SGD).</summary>
    public int? DecayEveryEpochs { get; init; }

    /// <summary>Label-smoothing ε for the training loss; 0 turns smoothing off.</summary>
    public double LabelSmoothing { get; init; } = Loss.LabelSmoothing.PaperEpsilon;

    /// <summary>The largest global L2 norm of the gradients; null turns clipping off.</summary>
    public double? ClipNorm { get; init; } = 2.0;

    /// <summary>
    /// Decay of the weights' moving average used for evaluation (with TensorFlow's warm-up, so short
    /// runs average over recent steps, not the initial weights); null evaluates the raw weights.
    /// </summary>
    public double? EmaDecay { get; init; } = 0.9999;

    /// <summary>Seeds the data order, the augmentation and dropout, per epoch and batch, so runs and resumed runs repeat.</summary>
    public int Seed { get; init; }

    /// <summary>Where to train.</summary>
    public DeviceKind Device { get; init; } = DeviceKind.Auto;

    /// <summary>Augmentation of training batches.</summary>
    public Augmentation Augmentation { get; init; } = Augmentation.Standard;

    /// <summary>Input standardization; null computes it from the training set.</summary>
    public Normalization? Normalization { get; init; }

    /// <summary>Channels the network expects when they differ from the data set's (grey images repeated); null keeps them.</summary>
    public int? InputChannels { get; init; }

    /// <summary>Side length the network expects when it differs from the data set's (bilinear resize); null keeps it.</summary>
    public int? InputSize { get; init; }

    /// <summary>Where to write a checkpoint after every epoch and on cancellation; null writes none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> for settings no run can use.</summary>
    public void Validate()
    {
        Require(Epochs >= 1, nameof(Epochs), "must be at least 1");
        Require(BatchSize >= 1, nameof(BatchSize), "must be at least 1");
        Require(EvaluationBatchSize >= 1, nameof(EvaluationBatchSize), "must be at least 1");
        Require(LearningRate is null or > 0, nameof(LearningRate), "must be positive");
        Require(LearningRateDecay is null or (> 0 and <= 1), nameof(LearningRateDecay), "must lie in (0, 1]");
        Require(DecayEveryEpochs is null or >= 1, nameof(DecayEveryEpochs), "must be at least 1");
        Require(LabelSmoothing is >= 0 and <= 1, nameof(LabelSmoothing), "must lie in [0, 1]");
        Require(ClipNorm is null or > 0, nameof(ClipNorm), "must be positive");
        Require(EmaDecay is null or (>= 0 and < 1), nameof(EmaDecay), "must lie in [0, 1)");
        Require(InputChannels is null or >= 1, nameof(InputChannels), "must be at least 1");
        Require(InputSize is null or >= 1, nameof(InputSize), "must be at least 1");
    }

    private static void Require(bool condition, string option, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"Trainer option {option} {rule}.", option);
        }
    }
}
