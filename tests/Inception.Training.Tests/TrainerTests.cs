using Inception.Training.Data;
using Inception.Training.Metrics;
using Inception.Training.Optimization;
using Xunit.Abstractions;

namespace Inception.Training.Tests;

public sealed class TrainerTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private readonly ImageDataset train = SyntheticImages.Create(512, seed: 1);
    private readonly ImageDataset test = SyntheticImages.Create(128, seed: 2);

    [Fact]
    public void A_short_run_lowers_the_loss_and_reports_every_epoch_and_batch()
    {
        using var model = NewModel();
        using var trainer = new Trainer(model, Options(epochs: 3));
        var epochs = new List<EpochMetrics>();
        var batches = new List<BatchProgress>();
        trainer.EpochCompleted += (_, metrics) => epochs.Add(metrics);
        trainer.BatchCompleted += (_, progress) => batches.Add(progress);
        var before = Evaluate(model);

        var result = trainer.Fit(train, test);

        foreach (var metrics in result.History)
        {
            output.WriteLine(metrics.ToString());
        }

        Assert.False(result.Cancelled);
        Assert.Equal([1, 2, 3], epochs.Select(metrics => metrics.Epoch));
        Assert.Equal(result.History, epochs);
        Assert.Equal(3 * 16, batches.Count);
        Assert.Equal(new BatchProgress(3, 3, 16, 16, epochs[2].TrainLoss, epochs[2].TrainTop1, batches[^1].ImagesPerSecond, 0.0423), batches[^1]);
        Assert.True(epochs[2].TrainLoss < epochs[0].TrainLoss, "the training loss should fall");
        Assert.True(epochs[2].TestLoss < before.Loss, "the test loss should fall");
        Assert.True(epochs[2].TestTop1 > 0.9, $"test top-1 {epochs[2].TestTop1} on an easy synthetic set");
        Assert.Equal([0.045, 0.045, 0.0423], epochs.Select(metrics => Math.Round(metrics.LearningRate, 12)));
        Assert.All(epochs, metrics => Assert.True(metrics.ImagesPerSecond > 0 && metrics.Seconds > 0));
    }

    [Fact]
    public void Resuming_a_checkpoint_continues_at_the_next_epoch_exactly_like_an_uninterrupted_run()
    {
        var uninterrupted = TrainedWeights(Options(epochs: 2), out var fullHistory);
        var checkpoint = directory.File("run.ckpt");
        using (var model = NewModel())
        using (var firstHalf = new Trainer(model, Options(epochs: 1) with { CheckpointPath = checkpoint }))
        {
            firstHalf.Fit(train, test);
        }

        using var resumedModel = new TinyInception(channels: 1, classes: SyntheticImages.Classes);
        using var resumed = new Trainer(resumedModel, Options(epochs: 2));
        resumed.Resume(checkpoint);
        Assert.Equal(new TrainingPosition(1, 0, 0, 0, 0, 0), resumed.Position with { RunSeconds = 0 });
        Assert.True(resumed.Position.RunSeconds > 0, "the run's wall-clock time is restored with its position");
        Assert.Single(resumed.History);

        var result = resumed.Fit(train, test);

        Assert.Equal([1, 2], result.History.Select(metrics => metrics.Epoch));
        Assert.Equal(fullHistory[1].TestTop1, result.History[1].TestTop1);
        Assert.Equal(fullHistory[1].TrainLoss, result.History[1].TrainLoss, 6);
        Assert.Empty(StateDicts.Differences(uninterrupted, resumedModel.state_dict()));
        StateDicts.Dispose(uninterrupted);
    }

    [Fact]
    public void Cancellation_stops_after_the_current_batch_saves_a_checkpoint_and_resumes_mid_epoch()
    {
        var uninterrupted = TrainedWeights(Options(epochs: 2), out var fullHistory);
        var checkpoint = directory.File("cancelled.ckpt");
        using var cancellation = new CancellationTokenSource();
        TrainingResult stopped;
        using (var model = NewModel())
        using (var trainer = new Trainer(model, Options(epochs: 2) with { CheckpointPath = checkpoint }))
        {
            trainer.BatchCompleted += (_, progress) =>
            {
                if (progress is { Epoch: 2, Batch: 3 })
                {
                    cancellation.Cancel();
                }
            };
            stopped = trainer.Fit(train, test, cancellation.Token);
        }

        Assert.True(stopped.Cancelled);
        Assert.Equal((1, 3), (stopped.Position.Epoch, stopped.Position.Batch));
        Assert.True(File.Exists(checkpoint));

        using var resumedModel = new TinyInception(channels: 1, classes: SyntheticImages.Classes);
        using var resumed = new Trainer(resumedModel, Options(epochs: 2));
        resumed.Resume(checkpoint);
        var result = resumed.Fit(train, test);

        Assert.False(result.Cancelled);
        Assert.Equal(fullHistory[1].TrainLoss, result.History[1].TrainLoss, 6);
        Assert.Empty(StateDicts.Differences(uninterrupted, resumedModel.state_dict()));
        StateDicts.Dispose(uninterrupted);
    }

    [Fact]
    public void A_checkpoint_of_another_optimizer_is_refused()
    {
        var checkpoint = directory.File("rmsprop.ckpt");
        using (var model = NewModel())
        using (var trainer = new Trainer(model, Options(epochs: 1)))
        {
            trainer.SaveCheckpoint(checkpoint);
        }

        using var other = NewModel();
        using var sgd = new Trainer(other, Options(epochs: 1) with { Optimizer = OptimizerKind.Sgd });

        var error = Assert.Throws<InvalidOperationException>(() => sgd.Resume(checkpoint));
        Assert.Contains("RmsProp", error.Message);
    }

    /// <summary>Damaged, empty, random and truncated checkpoints are refused with a clear message; none resumes from garbage.</summary>
    [Fact]
    public void A_damaged_checkpoint_is_refused()
    {
        var checkpoint = directory.File("good.ckpt");
        using (var model = NewModel())
        using (var trainer = new Trainer(model, Options(epochs: 1)))
        {
            trainer.SaveCheckpoint(checkpoint);
        }

        var good = File.ReadAllBytes(checkpoint);
        var flipped = (byte[])good.Clone();
        for (var i = good.Length / 2; i < Math.Min(good.Length, (good.Length / 2) + 4096); i++)
        {
            flipped[i] ^= 0x5A;
        }

        var cases = new Dictionary<string, byte[]>
        {
            ["flipped"] = flipped,
            ["empty"] = [],
            ["truncated"] = good[..(good.Length - 100)],
            ["random"] = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray(),
        };
        foreach (var (name, bytes) in cases)
        {
            var path = directory.File(name + ".ckpt");
            File.WriteAllBytes(path, bytes);
            using var other = NewModel();
            using var resumed = new Trainer(other, Options(epochs: 1));
            var error = Assert.Throws<InvalidDataException>(() => resumed.Resume(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Equal(TrainingPosition.Start, resumed.Position);
        }
    }

    [Fact]
    public void Evaluation_uses_the_weight_average_and_leaves_the_model_as_it_was()
    {
        using var model = NewModel();
        using var trainer = new Trainer(model, Options(epochs: 1));
        trainer.Fit(train, test);
        var trained = StateDicts.Snapshot(model);
        var raw = Evaluate(model);

        var averaged = trainer.Evaluate(test);

        Assert.NotEqual(raw.Loss, averaged.Loss, 6);
        Assert.Empty(StateDicts.Differences(trained, model.state_dict()));
        Assert.True(model.training, "the model should be back in training mode");
        StateDicts.Dispose(trained);
    }

    [Fact]
    public void The_averaged_weights_can_be_saved_for_later_evaluation()
    {
        var path = directory.File("averaged.safetensors");
        using var model = NewModel();
        using var trainer = new Trainer(model, Options(epochs: 1));
        trainer.Fit(train, test);
        var expected = trainer.Evaluate(test);

        trainer.SaveWeights(path);

        using var reloaded = new TinyInception(channels: 1, classes: SyntheticImages.Classes);
        Inception.Runtime.Weights.WeightFiles.Load(reloaded, path);
        Assert.Equal(expected.Loss, Evaluate(reloaded, trainer.Normalization!).Loss, 5);
    }

    [Fact]
    public void Invalid_options_are_rejected_before_training()
    {
        using var model = NewModel();

        var error = Assert.Throws<InvalidTrainerOptionsException>(() => new Trainer(model, Options(epochs: 0) with { WarmupFraction = 1 }));
        Assert.Equal([new TrainerOptionProblem("Epochs", 0, "must be at least 1"), new TrainerOptionProblem("WarmupFraction", 1.0, "must lie in [0, 1)")], error.Problems);
        Assert.Contains("Trainer option Epochs must be at least 1 (given 0)", error.Message);
    }

    public void Dispose()
    {
        train.Dispose();
        test.Dispose();
        directory.Dispose();
    }

    private static TrainerOptions Options(int epochs) => new()
    {
        Epochs = epochs,
        BatchSize = 32,
        Seed = 7,
        EmaDecay = 0.9,
        Device = DeviceKind.Cpu,
    };

    private static TinyInception NewModel() => TinyInception.Seeded();

    private Dictionary<string, Tensor> TrainedWeights(TrainerOptions options, out IReadOnlyList<EpochMetrics> history)
    {
        using var model = NewModel();
        using var trainer = new Trainer(model, options);
        history = trainer.Fit(train, test).History;
        return StateDicts.Snapshot(model);
    }

    private Evaluation Evaluate(TinyInception model) => Evaluate(model, Normalization.Of(train));

    private Evaluation Evaluate(TinyInception model, Normalization normalization)
    {
        using var trainer = new Trainer(model, Options(epochs: 1) with { EmaDecay = null, Normalization = normalization });
        return trainer.Evaluate(test);
    }
}
