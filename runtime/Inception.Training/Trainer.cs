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
        optimizer = OptimizerRecipes.Create(options.Optimizer, model.parameters(), Schedule.At(0));
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

    /// <summary>The learning rate of each epoch.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>Where the run stands.</summary>
    public TrainingPosition Position { get; private set; } = TrainingPosition.Start;

    /// <summary>The metrics of every finished epoch.</summary>
    public IReadOnlyList<EpochMetrics> History => history;

    /// <summary>The input standardization: from the options, the checkpoint, or the training set once <see cref="Fit"/> starts.</summary>
    public Normalization? Normalization { get; private set; }

    /// <summary>
    /// Trains from <see cref="Position"/> until <see cref="TrainerOptions.Epochs"/> are done, evaluating
    /// on <paramref name="test"/> after each epoch. On cancellation it stops after the batch under
    /// way, writes the checkpoint (when <see cref="TrainerOptions.CheckpointPath"/> is set) and returns.
    /// </summary>
    public TrainingResult Fit(ImageDataset train, ImageDataset test, CancellationToken cancellationToken = default)
    {
        if (train.Count == 0 || test.Count == 0)
        {
            throw new ArgumentException("Both the training and the test set must hold images.");
        }

        Normalization ??= Normalization.Of(train);
        var pipeline = new InputPipeline(Normalization, Options.Augmentation, Options.InputChannels, Options.InputSize);
        var batches = (int)((train.Count + Options.BatchSize - 1) / Options.BatchSize);
        while (Position.Epoch < Options.Epochs)
        {
            var learningRate = Schedule.At(Position.Epoch);
            TrainEpoch(train, pipeline, batches, learningRate, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpointIfConfigured();
                return new TrainingResult(true, history.ToArray(), Position);
            }

            var evaluationTime = Stopwatch.StartNew();
            var evaluation = Evaluate(test, pipeline);
            var metrics = new EpochMetrics(
                Position.Epoch + 1,
                Position.LossSum / Position.Images,
                (double)Position.Correct / Position.Images,
                evaluation.Loss,
                evaluation.Top1,
                evaluation.Top5,
                Position.Seconds + evaluationTime.Elapsed.TotalSeconds,
                Position.Images / Position.Seconds,
                learningRate);
            history.Add(metrics);
            Position = Position.NextEpoch();
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
        return Evaluate(data, new InputPipeline(normalization, Options.Augmentation, Options.InputChannels, Options.InputSize));
    }

    /// <summary>Writes a checkpoint that <see cref="Resume"/> continues from.</summary>
    public void SaveCheckpoint(string path)
    {
        var metadata = new CheckpointMetadata(Options.Optimizer, Options.Seed, Position, history, Normalization, average?.Updates);
        TrainingCheckpoint.Save(path, metadata, model, average?.State, optimizer);
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

    private void TrainEpoch(ImageDataset train, InputPipeline pipeline, int batches, double learningRate, CancellationToken cancellationToken)
    {
        var epoch = Position.Epoch;
        OptimizerRecipes.SetLearningRate(optimizer, learningRate);
        model.train();
        using var shuffle = new Generator((ulong)Seeds.For(Options.Seed, RandomStream.Shuffle, epoch));
        using var order = randperm(train.Count, generator: shuffle);
        var secondsBefore = Position.Seconds;
        var clock = Stopwatch.StartNew();
        for (var batch = Position.Batch; batch < batches && !cancellationToken.IsCancellationRequested; batch++)
        {
            using var scope = NewDisposeScope();
            var first = (long)batch * Options.BatchSize;
            var indices = order.narrow(0, first, Math.Min(Options.BatchSize, train.Count - first));
            using var augmentation = new Generator((ulong)Seeds.For(Options.Seed, RandomStream.Augmentation, epoch, batch));
            var images = pipeline.Prepare(train.Images.index_select(0, indices), augmentation, Device);
            var labels = train.Labels.index_select(0, indices).to(Device);
            random.manual_seed(Seeds.For(Options.Seed, RandomStream.Dropout, epoch, batch));
            var outcome = TrainingStep.Run(model, optimizer, images, labels, Options.LabelSmoothing, Options.ClipNorm);
            average?.Update(model);

            var size = indices.shape[0];
            Position = Position with
            {
                Batch = batch + 1,
                LossSum = Position.LossSum + (outcome.Loss * size),
                Correct = Position.Correct + outcome.Correct,
                Images = Position.Images + size,
                Seconds = secondsBefore + clock.Elapsed.TotalSeconds,
            };
            BatchCompleted?.Invoke(this, new BatchProgress(
                epoch + 1,
                Options.Epochs,
                batch + 1,
                batches,
                Position.LossSum / Position.Images,
                (double)Position.Correct / Position.Images,
                Position.Images / Position.Seconds,
                learningRate));
        }
    }

    private Evaluation Evaluate(ImageDataset data, InputPipeline pipeline)
    {
        using var swap = average?.SwapInto(model);
        using var noGrad = no_grad();
        model.eval();
        try
        {
            double lossSum = 0;
            long top1 = 0;
            long top5 = 0;
            for (long first = 0; first < data.Count; first += Options.EvaluationBatchSize)
            {
                using var scope = NewDisposeScope();
                var size = Math.Min(Options.EvaluationBatchSize, data.Count - first);
                var images = pipeline.Prepare(data.Images.narrow(0, first, size), null, Device);
                var labels = data.Labels.narrow(0, first, size).to(Device);
                var logits = model.call(images);
                lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
                top1 += Accuracy.CorrectInTopK(logits, labels, 1);
                top5 += Accuracy.CorrectInTopK(logits, labels, 5);
            }

            return new Evaluation(lossSum / data.Count, (double)top1 / data.Count, (double)top5 / data.Count, data.Count);
        }
        finally
        {
            model.train();
        }
    }

    private void SaveCheckpointIfConfigured()
    {
        if (Options.CheckpointPath is string path)
        {
            SaveCheckpoint(path);
        }
    }
}
