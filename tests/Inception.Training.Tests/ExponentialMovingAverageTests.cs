using Inception.Training.Optimization;

namespace Inception.Training.Tests;

public sealed class ExponentialMovingAverageTests
{
    [Fact]
    public void Each_update_mixes_the_weights_into_the_average_by_the_decay()
    {
        using var model = nn.Linear(2, 1);
        SetWeights(model, [1, 2], 3);
        using var average = new ExponentialMovingAverage(model, decay: 0.5, warmUp: false);

        SetWeights(model, [3, 6], 5);
        average.Update(model);
        SetWeights(model, [5, 10], 9);
        average.Update(model);

        // 0.5 · (0.5 · w0 + 0.5 · w1) + 0.5 · w2
        Assert.Equal(new[] { 3.5f, 7f }, average.State["weight"].data<float>().ToArray());
        Assert.Equal(6.5f, average.State["bias"].item<float>());
        Assert.Equal(2, average.Updates);
    }

    [Fact]
    public void Warm_up_follows_tensorflows_num_updates_rule()
    {
        using var model = nn.Linear(1, 1);
        using var average = new ExponentialMovingAverage(model, decay: 0.9999);
        var decays = new List<double>();

        for (var n = 0; n < 3; n++)
        {
            decays.Add(average.CurrentDecay);
            average.Update(model);
        }

        Assert.Equal(new[] { 1.0 / 10, 2.0 / 11, 3.0 / 12 }, decays);
    }

    [Fact]
    public void Warm_up_never_exceeds_the_decay()
    {
        using var model = nn.Linear(1, 1);
        using var average = new ExponentialMovingAverage(model, decay: 0.15);

        average.Update(model);

        Assert.Equal(0.15, average.CurrentDecay);
    }

    [Fact]
    public void Batch_norm_statistics_are_averaged_and_counters_copied()
    {
        using var model = nn.BatchNorm1d(2);
        using var average = new ExponentialMovingAverage(model, decay: 0.5, warmUp: false);
        model.train();
        using (var batch = tensor(new float[,] { { 2, 4 }, { 2, 4 } }))
        using (var output = model.call(batch))
        {
        }

        average.Update(model);

        // running_mean went 0 → 0.1 · batch mean (momentum 0.1); the average is halfway.
        Assert.Equal(new[] { 0.1f, 0.2f }, average.State["running_mean"].data<float>().ToArray());
        Assert.Equal(1L, average.State["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Swapping_in_the_average_is_undone_bit_for_bit()
    {
        using var model = nn.Linear(3, 2);
        using var average = new ExponentialMovingAverage(model, decay: 0.3, warmUp: false);
        using (no_grad())
        {
            model.weight!.add_(0.123f);
        }

        average.Update(model);
        var own = StateDicts.Snapshot(model);

        using (average.SwapInto(model))
        {
            Assert.True(model.weight!.Equals(average.State["weight"]));
            Assert.False(model.weight!.Equals(own["weight"]));
        }

        Assert.Empty(StateDicts.Differences(own, StateDicts.Snapshot(model)));
        StateDicts.Dispose(own);
    }

    private static void SetWeights(TorchSharp.Modules.Linear linear, float[] weight, float bias)
    {
        using var noGrad = no_grad();
        using var weights = tensor(weight, [1, weight.Length]);
        using var biases = tensor(new[] { bias });
        linear.weight!.copy_(weights);
        linear.bias!.copy_(biases);
    }
}
