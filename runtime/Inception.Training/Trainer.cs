using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Inception.Runtime;
using Inception.Runtime.Weights;
using Inception.Training.Data;
using Inception.Training.Metrics;
using Inception.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inception.Training;

/// <summary>
/// Trains any <see cref="InceptionNetwork"/> (generated or built at run time) on an in-memory
/// image set with the papers' recipe: the Inception loss (label smoothing, weighted auxiliary
/// heads), RMSProp or SGD with a per-epoch step schedule, gradient-norm clipping, and a moving
/// average of the weights that evaluation uses (with batch norm in evaluation mode).
/// </summary>
/// <remarks>
/// A checkpoint (<see cref="SaveCheckpoint"/>, <see cref="Resume"/>) restores the weights, their
/// moving average, the optimiser state (RMSProp's square averages, SGD's momentum buffers), the
/// position in the run down to the batch, the epoch metrics so far and the input normalization.
/// Because every batch's shuffling, augmentation and dropout are seeded from (seed, epoch, batch),
/// a resumed run continues as the uninterrupted run would have (bit for bit on the same machine).
/// Not restored: the options themselves (pass the same ones; only a change of optimiser is
/// detected) and the global random state outside training batches (weight initialization is
/// the caller's).
/// </remarks>
public sealed class Trainer : IDisposable
{
    private readonly InceptionNetwork model;
    private readonly OptimizerHelper optimizer;
    private readonly ExponentialMovingAverage? average;
    private readonly List<EpochMetrics> history = new();

    /// <summary>Training computes gradients: cap oneDNN before this process's first convolution (see <see cref="OneDnn"/>).</summary>
    static Trainer() => OneDnn.CapForTraining();

    /// <param name="model">The network; moved to the chosen device. The trainer does not own it.</param>
    /// <param name="options">The run's settings.</param>
    public Trainer(InceptionNetwork model, TrainerOptions options)
    {
        options.Validate();
        this.model = model;
        Options = options;
        Device = options.Device.Resolve();
        model.to(Device);
        var recipe = OptimizerRecipes.Schedule(options.Optimizer, options.LearningRate);
        Schedule = recipe with
        {
            Factor = options.LearningRateDecay ?? recipe.Factor,
            EveryEpochs = options.DecayEveryEpochs ?? recipe.EveryEpochs,
        };
        LinearSchedule = new WarmupLinearDecay(Schedule.Initial, options.WarmupFraction);
        optimizer = OptimizerRecipes.Create(options.Optimizer, model.parameters(), LearningRateAt(0, 0, 1), options.Nesterov, options.WeightDecay);
        average = options.EmaDecay is double decay ? new ExponentialMovingAverage(model, decay) : null;
        Normalization = options.Normalization;
    }

    /// <summary>Raised after every training batch.</summary>
    public event EventHandler<BatchProgress>? BatchCompleted;

    /// <summary>Raised after every epoch, once it is evaluated and its checkpoint written.</summary>
    public event EventHandler<EpochMetrics>? EpochCompleted;

    /// <summary>The run's settings.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Where the model trains.</summary>
    public Device Device { get; }

    /// <summary>The learning rate of each epoch, under <see cref="ScheduleKind.StepDecay"/>; its initial rate is the peak of the other schedule.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>The learning rate along the run, under <see cref="ScheduleKind.WarmupLinearDecay"/>.</summary>
    public WarmupLinearDecay LinearSchedule { get; }

    /// <summary>
    /// Under a time budget: where the schedule ends and training stops, in seconds of the run, so that the final
    /// evaluation and the saves fit in what is left. It is re-estimated as evaluations and saves are measured.
    /// </summary>
    public double TrainingEndSeconds => Options.TimeBudget is { } budget ? budget.TotalSeconds - Reserve() : double.PositiveInfinity;

    /// <summary>The time a budgeted run still has, or null for a run of epochs.</summary>
    public TimeSpan? TimeLeft => Options.TimeBudget is { } budget ? TimeSpan.FromSeconds(Math.Max(0, budget.TotalSeconds - RunSeconds)) : null;

    private readonly Stopwatch runClock = new();
    private double runSecondsAtStart;
    private double evaluationSecondsPerImage = double.NaN;
    private double stepSeconds = double.NaN;
    private int stepsTimed;
    private double progressSoFar;
    private double saveSeconds = 0.5;
    private int testImages;

    private double RunSeconds => runSecondsAtStart + runClock.Elapsed.TotalSeconds;

    /// <summary>Where the run stands.</summary>
    public TrainingPosition Position { get; private set; } = TrainingPosition.Start;

    /// <summary>The metrics of every finished epoch.</summary>
    public IReadOnlyList<EpochMetrics> History => history;

    /// <summary>The input standardization: from the options, the checkpoint, or the training set once <see cref="Fit"/> starts.</summary>
    public Normalization? Normalization { get; private set; }

    /// <summary>
    /// Trains from <see cref="Position"/> until <see cref="TrainerOptions.Epochs"/> are done, or until the
    /// <see cref="TrainerOptions.TimeBudget"/> leaves just the time to evaluate and save, evaluating on
    /// <paramref name="test"/> after each epoch (and after the pass the budget stopped). On cancellation it stops after
    /// the batch under way, writes the checkpoint (when <see cref="TrainerOptions.CheckpointPath"/> is set) and returns.
    /// </summary>
    /// <param name="train">The training images.</param>
    /// <param name="test">The test images.</param>
    /// <param name="cancellationToken">Stops the run after the batch under way, with a checkpoint.</param>
    /// <param name="alreadySpent">Time the caller spent before the run (starting up, loading data), which a time budget counts.</param>
    public TrainingResult Fit(ImageDataset train, ImageDataset test, CancellationToken cancellationToken = default, TimeSpan alreadySpent = default)
    {
        if (train.Count == 0 || test.Count == 0)
        {
            throw new ArgumentException("Both the training and the test set must hold images.");
        }

        Normalization ??= Normalization.Of(train);
        var pipeline = new InputPipeline(Normalization, Options.Augmentation, Options.InputChannels, Options.InputSize);
        var batches = (int)((train.Count + Options.BatchSize - 1) / Options.BatchSize);
        testImages = (int)test.Count;
        runSecondsAtStart = Position.RunSeconds + alreadySpent.TotalSeconds;
        runClock.Restart();
        var finished = false;
        while (!finished && (Options.TimeBudget is not null || Position.Epoch < Options.Epochs))
        {
            var stoppedByBudget = TrainEpoch(train, pipeline, batches, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpointIfConfigured();
                return new TrainingResult(true, history.ToArray(), Position);
            }

            // The run's last evaluation (and only it) looks at each image twice when test-time flip is on. Under a
            // budget that is the pass the clock stopped, or an epoch that ends with no time for another step.
            finished = Options.TimeBudget is null
                ? Position.Epoch + 1 >= Options.Epochs
                : stoppedByBudget || TrainingEndSeconds - RunSeconds - EvaluationEstimate(false) < 2 * StepEstimate();
            if (Position.Images == 0)
            {
                // The budget ran out as an epoch began: the previous epoch's evaluation stands, unless it was not
                // flipped, in which case it is redone as the final one.
                if (Options.TestTimeFlip && history.Count > 0)
                {
                    var final = Evaluate(test, pipeline, flip: true);
                    history[^1] = history[^1] with { TestLoss = final.Loss, TestTop1 = final.Top1, TestTop5 = final.Top5 };
                    SaveCheckpointIfConfigured();
                    EpochCompleted?.Invoke(this, history[^1]);
                }

                break;
            }

            var evaluationTime = Stopwatch.StartNew();
            var evaluation = Evaluate(test, pipeline, flip: finished && Options.TestTimeFlip);
            var metrics = new EpochMetrics(
                Position.Epoch + 1,
                Position.LossSum / Position.Images,
                (double)Position.Correct / Position.Images,
                evaluation.Loss,
                evaluation.Top1,
                evaluation.Top5,
                Position.Seconds + evaluationTime.Elapsed.TotalSeconds,
                Position.Images / Position.Seconds,
                LastLearningRate);
            history.Add(metrics);
            Position = Position.NextEpoch() with { RunSeconds = RunSeconds };
            SaveCheckpointIfConfigured();
            EpochCompleted?.Invoke(this, metrics);
        }

        return new TrainingResult(false, history.ToArray(), Position);
    }

    /// <summary>Evaluates on <paramref name="data"/> with the averaged weights (if any) and batch norm in evaluation mode.</summary>
    public Evaluation Evaluate(ImageDataset data)
    {
        var normalization = Normalization
            ?? throw new InvalidOperationException("The input normalization is unknown: pass it in the options, call Fit, or resume from a checkpoint.");
        return Evaluate(data, new InputPipeline(normalization, Options.Augmentation, Options.InputChannels, Options.InputSize), Options.TestTimeFlip);
    }

    /// <summary>Writes a checkpoint that <see cref="Resume"/> continues from.</summary>
    public void SaveCheckpoint(string path)
    {
        var clock = Stopwatch.StartNew();
        var metadata = new CheckpointMetadata(Options.Optimizer, Options.Seed, Position, history, Normalization, average?.Updates, TrainingRecipe.Describe(Options));
        TrainingCheckpoint.Save(path, metadata, model, average?.State, optimizer);
        saveSeconds = clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="SaveCheckpoint"/>, so that <see cref="Fit"/>
    /// continues where it stopped. Checks everything it can before changing anything.
    /// </summary>
    /// <exception cref="WeightMismatchException">The checkpoint's weights do not fit the model.</exception>
    /// <exception cref="InvalidOperationException">The checkpoint was written with another optimiser.</exception>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, or it is damaged (its checksum does not match).</exception>
    public void Resume(string path)
    {
        var (metadata, weights, averaged, reader) = TrainingCheckpoint.Open(path);
        using var rest = reader;
        try
        {
            if (metadata.Optimizer != Options.Optimizer)
            {
                throw new InvalidOperationException(
                    $"'{path}' was written by a {metadata.Optimizer} run; this trainer uses {Options.Optimizer}.");
            }

            foreach (var state in averaged is null ? [weights] : new[] { weights, averaged })
            {
                var mismatch = WeightMismatch.Between(model.state_dict(), state);
                if (!mismatch.IsEmpty)
                {
                    throw new WeightMismatchException(path, mismatch);
                }
            }

            optimizer.load_state_dict(reader);
            WeightFiles.LoadStateDict(model, weights, path);
            if (average is not null)
            {
                // Without a stored average, start one from the restored weights rather than the initial ones.
                average.Restore(averaged ?? model.state_dict(), averaged is null ? 0 : metadata.EmaUpdates!.Value, path);
            }

            history.Clear();
            history.AddRange(metadata.History);
            Position = metadata.Position;
            Normalization = metadata.Normalization ?? Normalization;
        }
        finally
        {
            foreach (var state in averaged is null ? [weights] : new[] { weights, averaged })
            {
                foreach (var tensor in state.Values)
                {
                    tensor.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// Saves the model's weights with <see cref="WeightFiles.Save(nn.Module, string)"/> (format by
    /// extension); the averaged weights when <paramref name="averaged"/> and averaging is on.
    /// </summary>
    public void SaveWeights(string path, bool averaged = true)
    {
        using var swap = averaged ? average?.SwapInto(model) : null;
        WeightFiles.Save(model, path);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        optimizer.Dispose();
        average?.Dispose();
    }

    /// <summary>Trains the epoch under way from its current batch; true when a time budget stopped it before its end.</summary>
    private bool TrainEpoch(ImageDataset train, InputPipeline pipeline, int batches, CancellationToken cancellationToken)
    {
        var epoch = Position.Epoch;
        if (Options.Schedule == ScheduleKind.StepDecay)
        {
            OptimizerRecipes.SetLearningRate(optimizer, LastLearningRate = Schedule.At(epoch));
        }

        model.train();
        using var shuffle = new Generator((ulong)Seeds.For(Options.Seed, RandomStream.Shuffle, epoch));
        using var order = randperm(train.Count, generator: shuffle);
        var secondsBefore = Position.Seconds;
        var clock = Stopwatch.StartNew();
        for (var batch = Position.Batch; batch < batches && !cancellationToken.IsCancellationRequested; batch++)
        {
            if (Options.TimeBudget is not null && RunSeconds + StepEstimate() > TrainingEndSeconds)
            {
                return true;
            }

            if (Options.Schedule == ScheduleKind.WarmupLinearDecay)
            {
                OptimizerRecipes.SetLearningRate(optimizer, LastLearningRate = LearningRateAt(epoch, batch, batches));
            }

            var stepClock = Stopwatch.StartNew();
            using var scope = NewDisposeScope();
            var first = (long)batch * Options.BatchSize;
            var indices = order.narrow(0, first, Math.Min(Options.BatchSize, train.Count - first));
            using var augmentation = new Generator((ulong)Seeds.For(Options.Seed, RandomStream.Augmentation, epoch, batch));
            var images = pipeline.Prepare(train.Images.index_select(0, indices), augmentation, Device);
            var labels = train.Labels.index_select(0, indices).to(Device);
            random.manual_seed(Seeds.For(Options.Seed, RandomStream.Dropout, epoch, batch));
            var outcome = TrainingStep.Run(model, optimizer, images, labels, Options.LabelSmoothing, Options.ClipNorm);
            average?.Update(model);

            // A step's time, smoothed: what the budget keeps in hand so that the last step still fits. A process's
            // first step also pays one-time costs (allocations, kernel selection), so it does not count.
            var seconds = stepClock.Elapsed.TotalSeconds;
            stepSeconds = stepsTimed++ == 0 ? double.NaN : double.IsNaN(stepSeconds) ? seconds : (0.9 * stepSeconds) + (0.1 * seconds);
            var size = indices.shape[0];
            Position = Position with
            {
                Batch = batch + 1,
                LossSum = Position.LossSum + (outcome.Loss * size),
                Correct = Position.Correct + outcome.Correct,
                Images = Position.Images + size,
                Seconds = secondsBefore + clock.Elapsed.TotalSeconds,
                RunSeconds = RunSeconds,
            };
            BatchCompleted?.Invoke(this, new BatchProgress(
                epoch + 1,
                Options.Epochs,
                batch + 1,
                batches,
                Position.LossSum / Position.Images,
                (double)Position.Correct / Position.Images,
                Position.Images / Position.Seconds,
                LastLearningRate)
            {
                TimeLeft = TimeLeft,
            });
        }

        return false;
    }

    /// <summary>The learning rate most recently set.</summary>
    private double LastLearningRate { get; set; }

    /// <summary>
    /// The rate of a step: the paper's per-epoch step decay, or the warmup-and-linear-decay schedule at the run's
    /// progress: the share of its epochs done, or under a time budget the share of its training time spent.
    /// </summary>
    private double LearningRateAt(int epoch, int batch, int batches)
    {
        if (Options.Schedule == ScheduleKind.StepDecay)
        {
            return Schedule.At(epoch);
        }

        // Under a budget the end is re-estimated as steps and evaluations are timed; progress never goes back, so
        // the rate never rises again once it falls.
        var progress = Options.TimeBudget is null
            ? (epoch + ((double)batch / batches)) / Options.Epochs
            : RunSeconds / TrainingEndSeconds;
        progressSoFar = Math.Max(progressSoFar, progress);
        return LinearSchedule.At(progressSoFar);
    }

    /// <summary>A step's expected time, once steps have been timed; until then none, so a run always takes its first steps.</summary>
    private double StepEstimate() => double.IsNaN(stepSeconds) ? 0 : stepSeconds;

    /// <summary>
    /// An evaluation's expected time: measured once one has run; before that, two thirds of a training step per
    /// image (measured on two cores: a forward pass in evaluation mode costs about half a training step, not the
    /// third that counting MACs suggests, and the guess had better be high).
    /// </summary>
    private double EvaluationEstimate(bool flip)
    {
        var perImage = double.IsNaN(evaluationSecondsPerImage) ? StepEstimate() / Options.BatchSize * 2 / 3 : evaluationSecondsPerImage;
        return perImage * testImages * (flip ? 2 : 1);
    }

    /// <summary>
    /// What the end of a budgeted run needs: the final evaluation, the checkpoint and the weights, and a margin. The
    /// evaluation's estimate gets half again on top: on shared cores one pass can take a third longer than the last.
    /// </summary>
    private double Reserve() => (1.5 * EvaluationEstimate(Options.TestTimeFlip)) + (2 * saveSeconds) + (2 * StepEstimate()) + 0.5;

    /// <summary>
    /// Evaluates with the averaged weights and batch norm in evaluation mode; with <paramref name="flip"/>, each
    /// image's logits are the mean of its own and its mirror image's (test-time augmentation: valid for data whose
    /// classes do not change under a horizontal flip, as Fashion-MNIST's do not).
    /// </summary>
    private Evaluation Evaluate(ImageDataset data, InputPipeline pipeline, bool flip)
    {
        var clock = Stopwatch.StartNew();
        using var swap = average?.SwapInto(model);
        using var noGrad = no_grad();
        model.eval();
        try
        {
            var tally = new ScoreTally();
            for (long first = 0; first < data.Count; first += Options.EvaluationBatchSize)
            {
                using var scope = NewDisposeScope();
                var size = Math.Min(Options.EvaluationBatchSize, data.Count - first);
                var images = pipeline.Prepare(data.Images.narrow(0, first, size), null, Device);
                tally.Add(Logits(model, images, flip), data.Labels.narrow(0, first, size));
            }

            evaluationSecondsPerImage = clock.Elapsed.TotalSeconds / data.Count / (flip ? 2 : 1);
            return tally.Result();
        }
        finally
        {
            model.train();
        }
    }

    /// <summary>The network's logits for <paramref name="images"/>; with <paramref name="flip"/>, the mean of theirs and their mirror images'.</summary>
    public static Tensor Logits(nn.Module<Tensor, Tensor> model, Tensor images, bool flip)
    {
        if (!flip)
        {
            return model.call(images);
        }

        using var scope = NewDisposeScope();
        return model.call(images).add(model.call(images.flip(3))).div(2).MoveToOuterDisposeScope();
    }

    private void SaveCheckpointIfConfigured()
    {
        if (Options.CheckpointPath is string path)
        {
            SaveCheckpoint(path);
        }
    }
}
