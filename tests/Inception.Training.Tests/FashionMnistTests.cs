using Inception.Training.Data;
using Xunit.Abstractions;

namespace Inception.Training.Tests;

/// <summary>
/// The real data set, as Debian's dataset-fashion-mnist installs it. CI installs the package, so a
/// missing data set is a failure that says how to fix it, not a silent pass.
/// </summary>
public sealed class FashionMnistTests(ITestOutputHelper output)
{
    [Fact]
    public void The_installed_files_hold_60000_training_and_10000_test_images_of_28x28_in_10_balanced_classes()
    {
        RequireInstalled();
        using var train = FashionMnist.LoadTrain();
        using var test = FashionMnist.LoadTest();

        Assert.Equal(new long[] { 60000, 1, 28, 28 }, train.Images.shape);
        Assert.Equal(new long[] { 10000, 1, 28, 28 }, test.Images.shape);
        using var trainCounts = train.Labels.bincount(null);
        using var testCounts = test.Labels.bincount(null);
        Assert.Equal(Enumerable.Repeat(6000L, 10), trainCounts.data<long>().ToArray());
        Assert.Equal(Enumerable.Repeat(1000L, 10), testCounts.data<long>().ToArray());
        Assert.Equal(10, FashionMnist.ClassNames.Count);
    }

    [Fact]
    public void A_tiny_network_learns_from_a_subset()
    {
        RequireInstalled();
        using var fullTrain = FashionMnist.LoadTrain();
        using var fullTest = FashionMnist.LoadTest();
        using var train = fullTrain.Subset(3000);
        using var test = fullTest.Subset(1000);
        random.manual_seed(1);
        using var model = new TinyInception(channels: 1, classes: FashionMnist.Classes);
        using var trainer = new Trainer(model, new TrainerOptions { Epochs = 2, BatchSize = 50, Seed = 1, EmaDecay = 0.99 });

        var result = trainer.Fit(train, test);

        foreach (var epoch in result.History)
        {
            output.WriteLine($"epoch {epoch.Epoch}: train loss {epoch.TrainLoss:F3}, test top-1 {epoch.TestTop1:P1}, top-5 {epoch.TestTop5:P1}, {epoch.ImagesPerSecond:F0} images/s, {epoch.Seconds:F2} s");
        }

        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss, "the training loss should fall");
        Assert.True(result.History[^1].TestTop1 > 0.5, $"test top-1 {result.History[^1].TestTop1:P1} should be far above chance (10%)");
    }

    private static void RequireInstalled() =>
        Assert.True(
            FashionMnist.IsInstalled(),
            $"Fashion-MNIST is not installed in {FashionMnist.DebianDirectory}: run 'apt-get install dataset-fashion-mnist'.");
}
