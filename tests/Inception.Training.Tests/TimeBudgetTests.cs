using System.Diagnostics;
using Inception.Training.Data;
using Inception.Training.Metrics;
using Inception.Training.Optimization;

namespace Inception.Training.Tests;

/// <summary>
/// Training against the clock: the warmup-and-linear-decay schedule, a time budget that ends the schedule, the
/// final evaluation and the checkpoint within it, a resumed run that continues the budget's schedule, and the
/// test-time flip.
/// </summary>
public sealed class TimeBudgetTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private readonly ImageDataset train = SyntheticImages.Create(4096, seed: 1);
    private readonly ImageDataset test = SyntheticImages.Create(256, seed: 2);

    [Fact]
    public void The_schedule_warms_up_then_falls_linearly_to_zero_at_the_end()
    {
        var schedule = new WarmupLinearDecay(Peak: 0.1, WarmupFraction: 0.2);

        // Warmup: 2% of the peak at the very start, a quarter of it a quarter of the way through the warmup.
        Assert.Equal(0.002, schedule.At(0), 12);
        Assert.Equal(0.025, schedule.At(0.05), 12);
        Assert.Equal(0.1, schedule.At(0.2), 12);

        // Then linearly down: half the peak half way through the decay, zero at the end and after it.
        Assert.Equal(0.05, schedule.At(0.6), 12);
        Assert.Equal(0, schedule.At(1), 12);
        Assert.Equal(0, schedule.At(1.5), 12);
    }

    [Fact]
    public void Under_a_budget_the_rate_ends_with_the_budget_and_the_run_evaluates_and_saves_within_it()
    {
        var budget = TimeSpan.FromSeconds(4);
        var checkpoint = directory.File("budget.ckpt");
        using var model = NewModel();
        using var trainer = new Trainer(model, Options(budget) with { CheckpointPath = checkpoint });
        var rates = new List<double>();
        var longestStep = 0.0;
        var last = Stopwatch.StartNew();
        trainer.BatchCompleted += (_, progress) =>
        {
            rates.Add(progress.LearningRate);
            longestStep = Math.Max(longestStep, last.Elapsed.TotalSeconds);
            last.Restart();
        };

        var clock = Stopwatch.StartNew();
        var result = trainer.Fit(train, test);
        var seconds = clock.Elapsed.TotalSeconds;

        Assert.False(result.Cancelled);
        Assert.NotEmpty(result.History);
        Assert.True(seconds <= budget.TotalSeconds + longestStep, $"the run took {seconds:F2} s of a {budget.TotalSeconds} s budget (longest step {longestStep:F3} s)");
        Assert.True(File.Exists(checkpoint), "the checkpoint is written within the budget");

        // The rate rose to the peak, then fell, reaching (nearly) zero as the budget ended rather than at an epoch.
        var peak = rates.Max();
        Assert.Equal(0.05, peak, 2);
        Assert.True(rates[^1] < 0.1 * peak, $"the last step's rate {rates[^1]} should be near the end of the schedule (peak {peak})");
        var afterPeak = rates.Skip(rates.IndexOf(peak)).ToList();
        Assert.True(afterPeak.Zip(afterPeak.Skip(1)).All(pair => pair.Second <= pair.First), "after the warmup the rate only falls");
    }

    [Fact]
    public void A_resumed_run_continues_the_budgets_schedule_where_it_stopped()
    {
        var budget = TimeSpan.FromSeconds(4);
        var checkpoint = directory.File("resume.ckpt");
        using var cancellation = new CancellationTokenSource();
        double stoppedAt;
        double lastRate = 0;
        using (var model = NewModel())
        using (var trainer = new Trainer(model, Options(budget) with { CheckpointPath = checkpoint }))
        {
            trainer.BatchCompleted += (_, progress) =>
            {
                lastRate = progress.LearningRate;
                if (progress.TimeLeft < TimeSpan.FromSeconds(2.5))
                {
                    cancellation.Cancel();
                }
            };
            Assert.True(trainer.Fit(train, test, cancellation.Token).Cancelled);
            stoppedAt = trainer.Position.RunSeconds;
        }

        using var resumedModel = NewModel();
        using var resumed = new Trainer(resumedModel, Options(budget) with { CheckpointPath = checkpoint });
        resumed.Resume(checkpoint);
        Assert.Equal(stoppedAt, resumed.Position.RunSeconds, 9);
        var rates = new List<double>();
        resumed.BatchCompleted += (_, progress) => rates.Add(progress.LearningRate);
        var clock = Stopwatch.StartNew();
        var result = resumed.Fit(train, test);

        // The schedule goes on from where the first part left it (a restart would warm up again from 2% of the
        // peak); the end is estimated afresh from the resumed run's own step times, so only near it. The two parts
        // together keep to the budget.
        Assert.False(result.Cancelled);
        Assert.InRange(rates[0], 0.5 * lastRate, 1.25 * lastRate);
        Assert.True(rates[^1] < 0.1 * rates.Max());
        Assert.True(stoppedAt + clock.Elapsed.TotalSeconds <= budget.TotalSeconds + 0.5, $"{stoppedAt:F2} s + {clock.Elapsed.TotalSeconds:F2} s for a {budget.TotalSeconds} s budget");
    }

    [Fact]
    public void Test_time_flip_sees_each_image_and_its_mirror_and_nothing_else()
    {
        using var model = NewModel();
        model.eval();
        using var noGrad = no_grad();
        using var images = randn(8, 1, SyntheticImages.Size, SyntheticImages.Size, generator: new Generator(3));
        using var mirrored = images.flip(3);

        // Plain logits differ between an image and its mirror image; flipped ones do not, whichever is given.
        using var plain = Trainer.Logits(model, images, flip: false);
        using var plainMirrored = Trainer.Logits(model, mirrored, flip: false);
        Assert.False(plain.allclose(plainMirrored, rtol: 1e-4, atol: 1e-5), "the model is not mirror-symmetric, so this test can tell");
        using var flipped = Trainer.Logits(model, images, flip: true);
        using var flippedMirrored = Trainer.Logits(model, mirrored, flip: true);
        Assert.True(flipped.allclose(flippedMirrored, rtol: 1e-5, atol: 1e-6));

        // On images that are their own mirror image the flip changes nothing.
        using var symmetric = images.add(mirrored);
        using var plainSymmetric = Trainer.Logits(model, symmetric, flip: false);
        using var flippedSymmetric = Trainer.Logits(model, symmetric, flip: true);
        Assert.True(plainSymmetric.allclose(flippedSymmetric, rtol: 1e-5, atol: 1e-6));
    }

    public void Dispose()
    {
        train.Dispose();
        test.Dispose();
        directory.Dispose();
    }

    private static TrainerOptions Options(TimeSpan budget) => TrainingRecipe.Fast with
    {
        TimeBudget = budget,
        BatchSize = 32,
        LearningRate = 0.05,
        WarmupFraction = 0.1,
        Seed = 7,
        Device = DeviceKind.Cpu,
    };

    private static TinyInception NewModel() => TinyInception.Seeded();
}
