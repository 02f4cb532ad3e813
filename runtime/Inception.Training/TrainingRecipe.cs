using System;
using System.Collections.Generic;
using System.Globalization;
using Inception.Training.Data;
using Inception.Training.Optimization;

namespace Inception.Training;

/// <summary>
/// Named starting points for <see cref="TrainerOptions"/>: <c>paper</c>, the papers' settings exactly as they were
/// (RMSProp with the Rethinking schedule); <c>fast</c>, what reaches the best accuracy in a short wall-clock budget on
/// a CPU (the speed-training records' recipe: Nesterov SGD, a short warmup and a linear decay to zero, weight decay,
/// an average of the weights, flip-and-shift augmentation, test-time flip). Every setting stays overridable.
/// </summary>
public static class TrainingRecipe
{
    /// <summary>The name of <see cref="Paper"/>.</summary>
    public const string PaperName = "paper";

    /// <summary>The name of <see cref="Fast"/>.</summary>
    public const string FastName = "fast";

    /// <summary>The recipes by name.</summary>
    public static IReadOnlyList<string> Names { get; } = [PaperName, FastName];

    /// <summary>The Rethinking paper's recipe (see <see cref="TrainerOptions"/>'s defaults).</summary>
    public static TrainerOptions Paper { get; } = new();

    /// <summary>The time-to-accuracy recipe; its figures are measured in docs/training.md.</summary>
    public static TrainerOptions Fast { get; } = new()
    {
        Recipe = FastName,
        BatchSize = 64,
        Optimizer = OptimizerKind.Sgd,
        Nesterov = true,
        LearningRate = 0.1,
        WeightDecay = 5e-4,
        Schedule = ScheduleKind.WarmupLinearDecay,
        WarmupFraction = 0.05,
        LabelSmoothing = 0.1,
        ClipNorm = null,
        EmaDecay = 0.999,
        Augmentation = Augmentation.Standard,
        TestTimeFlip = true,
    };

    /// <summary>The recipe called <paramref name="name"/>.</summary>
    public static TrainerOptions Named(string name) => name switch
    {
        PaperName => Paper,
        FastName => Fast,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"Unknown recipe; the recipes are {string.Join(", ", Names)}."),
    };

    /// <summary>Every setting of a run in one line, as the run prints it and records it in metrics.csv and the checkpoint.</summary>
    public static string Describe(TrainerOptions options)
    {
        var c = CultureInfo.InvariantCulture;
        var optimizer = options.Optimizer == OptimizerKind.Sgd
            ? $"sgd momentum {OptimizerRecipes.SgdMomentum.ToString(c)}{(options.Nesterov ? " nesterov" : string.Empty)}"
            : $"rmsprop decay {OptimizerRecipes.RmsPropDecay.ToString(c)} eps {OptimizerRecipes.RmsPropEpsilon.ToString(c)}";
        var rate = OptimizerRecipes.Schedule(options.Optimizer, options.LearningRate);
        var schedule = options.Schedule == ScheduleKind.StepDecay
            ? $"lr {rate.Initial.ToString(c)} x{(options.LearningRateDecay ?? rate.Factor).ToString(c)} every {options.DecayEveryEpochs ?? rate.EveryEpochs} epochs"
            : $"lr {rate.Initial.ToString(c)} warmup {options.WarmupFraction.ToString("P0", c).Replace(" ", string.Empty, StringComparison.Ordinal)} then linear to 0";
        var length = options.TimeBudget is { } budget ? $"budget {Durations.Format(budget)}" : $"{options.Epochs} epochs";
        var augmentation = options.Augmentation == Augmentation.None
            ? "no augmentation"
            : $"shift {options.Augmentation.CropPadding}{(options.Augmentation.HorizontalFlip ? " + flip" : string.Empty)}";
        return string.Join(
            ", ",
            $"recipe {options.Recipe}",
            length,
            $"batch {options.BatchSize}",
            optimizer,
            schedule,
            $"weight decay {options.WeightDecay.ToString(c)}",
            $"label smoothing {options.LabelSmoothing.ToString(c)}",
            options.ClipNorm is { } clip ? $"clip {clip.ToString(c)}" : "no clipping",
            options.EmaDecay is { } ema ? $"ema {ema.ToString(c)}" : "no ema",
            augmentation,
            options.TestTimeFlip ? "test-time flip" : "no test-time flip");
    }
}
