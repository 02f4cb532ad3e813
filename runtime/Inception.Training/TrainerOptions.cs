using System;
using System.Collections.Generic;
using System.Linq;
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
    /// <summary>The recipe these options started from (<see cref="TrainingRecipe"/>), recorded with the run.</summary>
    public string Recipe { get; init; } = TrainingRecipe.PaperName;

    /// <summary>How many epochs the run has in total (a resumed run counts the epochs already done); ignored under a <see cref="TimeBudget"/>.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>
    /// Wall-clock time for the whole of <see cref="Trainer.Fit"/>, instead of a number of epochs: the schedule
    /// reaches its end at the budget, less the time the final evaluation and the saves are expected to take,
    /// so the run evaluates and saves before the budget runs out. Null trains for <see cref="Epochs"/>.
    /// </summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>How the learning rate moves: the papers' per-epoch step decay, or warmup and linear decay to zero.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.StepDecay;

    /// <summary>Under <see cref="ScheduleKind.WarmupLinearDecay"/>: the share of the run spent warming up.</summary>
    public double WarmupFraction { get; init; }

    /// <summary>SGD only: Nesterov momentum instead of the classical kind.</summary>
    public bool Nesterov { get; init; }

    /// <summary>L2 weight decay added by the optimizer to every parameter's gradient; 0 turns it off.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Evaluate the end of the run on each test image and its mirror image, averaging the logits.</summary>
    public bool TestTimeFlip { get; init; }

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

    /// <summary>Throws <see cref="InvalidTrainerOptionsException"/>, listing every <see cref="Problems"/>, for settings no run can use.</summary>
    public void Validate()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new InvalidTrainerOptionsException(problems);
        }
    }

    /// <summary>Every setting no run can use, each with the rule it breaks; empty when the options are usable.</summary>
    public IReadOnlyList<TrainerOptionProblem> Problems()
    {
        var problems = new List<TrainerOptionProblem>();
        void Require(bool condition, string option, object? value, string rule)
        {
            if (!condition)
            {
                problems.Add(new TrainerOptionProblem(option, value, rule));
            }
        }

        Require(Epochs >= 1, nameof(Epochs), Epochs, "must be at least 1");
        Require(TimeBudget is null || TimeBudget.Value > TimeSpan.Zero, nameof(TimeBudget), TimeBudget, "must be positive");
        Require(WarmupFraction is >= 0 and < 1, nameof(WarmupFraction), WarmupFraction, "must lie in [0, 1)");
        Require(WeightDecay >= 0, nameof(WeightDecay), WeightDecay, "must not be negative");
        Require(!Nesterov || Optimizer == OptimizerKind.Sgd, nameof(Nesterov), Nesterov, "needs SGD");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
        Require(EvaluationBatchSize >= 1, nameof(EvaluationBatchSize), EvaluationBatchSize, "must be at least 1");
        Require(LearningRate is null or > 0, nameof(LearningRate), LearningRate, "must be positive");
        Require(LearningRateDecay is null or (> 0 and <= 1), nameof(LearningRateDecay), LearningRateDecay, "must lie in (0, 1]");
        Require(DecayEveryEpochs is null or >= 1, nameof(DecayEveryEpochs), DecayEveryEpochs, "must be at least 1");
        Require(LabelSmoothing is >= 0 and <= 1, nameof(LabelSmoothing), LabelSmoothing, "must lie in [0, 1]");
        Require(ClipNorm is null or > 0, nameof(ClipNorm), ClipNorm, "must be positive");
        Require(EmaDecay is null or (>= 0 and < 1), nameof(EmaDecay), EmaDecay, "must lie in [0, 1)");
        Require(InputChannels is null or >= 1, nameof(InputChannels), InputChannels, "must be at least 1");
        Require(InputSize is null or >= 1, nameof(InputSize), InputSize, "must be at least 1");
        return problems;
    }
}

/// <summary>A setting of <see cref="TrainerOptions"/> that no run can use.</summary>
/// <param name="Option">The property's name (<c>Epochs</c>); a command maps it to its own flag.</param>
/// <param name="Value">The value given.</param>
/// <param name="Rule">What the value must be, as a sentence's end (<c>must be at least 1</c>).</param>
public sealed record TrainerOptionProblem(string Option, object? Value, string Rule);

/// <summary>Thrown by <see cref="TrainerOptions.Validate"/>: the options break the rules in <see cref="Problems"/>.</summary>
public sealed class InvalidTrainerOptionsException(IReadOnlyList<TrainerOptionProblem> problems)
    : ArgumentException(string.Join("; ", problems.Select(p => $"Trainer option {p.Option} {p.Rule} (given {p.Value ?? "null"})")) + ".")
{
    /// <summary>Every broken rule.</summary>
    public IReadOnlyList<TrainerOptionProblem> Problems { get; } = problems;
}
