using Inception.Runtime;
using Inception.Training.Loss;

namespace Inception.Training.Tests;

public sealed class InceptionLossTests
{
    [Fact]
    public void Each_auxiliary_heads_cross_entropy_is_added_times_its_weight()
    {
        double[] main = [2.0, 0.0, -1.0];
        double[] first = [0.0, 1.0, 0.0];
        double[] second = [-0.5, 0.5, 3.0];
        var expected = CrossEntropy(main, 0) + (0.3 * CrossEntropy(first, 0)) + (0.4 * CrossEntropy(second, 0));
        using var logits = tensor(main, [1, 3], float32);
        using var firstLogits = tensor(first, [1, 3], float32);
        using var secondLogits = tensor(second, [1, 3], float32);
        using var labels = tensor(new long[] { 0 });
        var auxiliary = new[] { new AuxiliaryOutput("aux1", 0.3, firstLogits), new AuxiliaryOutput("aux2", 0.4, secondLogits) };

        using var loss = InceptionLoss.Compute(logits, auxiliary, labels, labelSmoothing: 0);

        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void Smoothing_applies_to_the_main_and_the_auxiliary_logits()
    {
        double[] main = [1.0, 2.0, 0.5, -2.0];
        double[] aux = [0.0, -1.0, 2.0, 1.0];
        var expected = SmoothedCrossEntropy(main, 1, 0.1) + (0.3 * SmoothedCrossEntropy(aux, 1, 0.1));
        using var logits = tensor(main, [1, 4], float32);
        using var auxLogits = tensor(aux, [1, 4], float32);
        using var labels = tensor(new long[] { 1 });

        using var loss = InceptionLoss.Compute(logits, [new AuxiliaryOutput("AuxLogits", 0.3, auxLogits)], labels, labelSmoothing: 0.1);

        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void Without_auxiliary_outputs_it_is_the_main_loss()
    {
        double[] main = [0.2, -0.3, 1.1];
        using var logits = tensor(main, [1, 3], float32);
        using var labels = tensor(new long[] { 2 });

        using var loss = InceptionLoss.Compute(logits, [], labels, labelSmoothing: 0);

        Assert.Equal(CrossEntropy(main, 2), loss.item<float>(), 5);
    }

    private static double CrossEntropy(double[] logits, int label) => SmoothedCrossEntropy(logits, label, 0);

    private static double SmoothedCrossEntropy(double[] logits, int label, double epsilon)
    {
        var logSum = Math.Log(logits.Sum(Math.Exp));
        return -logits.Select((value, k) => (((k == label ? 1 : 0) * (1 - epsilon)) + (epsilon / logits.Length)) * (value - logSum)).Sum();
    }
}
