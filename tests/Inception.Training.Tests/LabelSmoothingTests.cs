using Inception.Training.Loss;

namespace Inception.Training.Tests;

public sealed class LabelSmoothingTests
{
    [Fact]
    public void Epsilon_0_1_over_four_classes_gives_the_textbook_targets()
    {
        using var labels = tensor(new long[] { 1 });

        using var targets = LabelSmoothing.Targets(labels, 4, 0.1);

        Assert.Equal(new long[] { 1, 4 }, targets.shape);
        var expected = new[] { 0.025f, 0.925f, 0.025f, 0.025f };
        var actual = targets.data<float>().ToArray();
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(expected[k], actual[k], 6);
        }
    }

    [Fact]
    public void The_smoothed_cross_entropy_equals_a_hand_computation()
    {
        // -Σ q_k log p_k with q = (0.925, 0.025, 0.025, 0.025) for label 0.
        var values = new[] { 2.0, 0.5, -1.0, 0.0 };
        var logSum = Math.Log(values.Sum(Math.Exp));
        var expected = -values.Select((value, k) => (k == 0 ? 0.925 : 0.025) * (value - logSum)).Sum();
        using var logits = tensor(values, [1, 4], float32);
        using var labels = tensor(new long[] { 0 });

        using var loss = LabelSmoothing.CrossEntropy(logits, labels, 0.1);

        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void Without_smoothing_it_is_the_ordinary_cross_entropy()
    {
        random.manual_seed(3);
        using var logits = randn(5, 7);
        using var labels = tensor(new long[] { 0, 6, 3, 3, 1 });

        using var smoothed = LabelSmoothing.CrossEntropy(logits, labels, 0);
        using var plain = nn.functional.cross_entropy(logits, labels);

        Assert.Equal(plain.item<float>(), smoothed.item<float>(), 5);
    }

    [Fact]
    public void It_agrees_with_libtorchs_label_smoothing()
    {
        random.manual_seed(4);
        using var logits = randn(6, 10);
        using var labels = tensor(new long[] { 9, 0, 4, 4, 2, 7 });

        using var ours = LabelSmoothing.CrossEntropy(logits, labels, 0.1);
        using var libtorch = nn.functional.cross_entropy(logits, labels, label_smoothing: 0.1);

        Assert.Equal(libtorch.item<float>(), ours.item<float>(), 5);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void An_epsilon_outside_0_to_1_is_rejected(double epsilon)
    {
        using var labels = tensor(new long[] { 0 });

        Assert.Throws<ArgumentOutOfRangeException>(() => LabelSmoothing.Targets(labels, 3, epsilon));
    }
}
