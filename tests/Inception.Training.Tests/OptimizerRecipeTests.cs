using Inception.Training.Optimization;
using TorchSharp.Modules;

namespace Inception.Training.Tests;

public sealed class OptimizerRecipeTests
{
    [Fact]
    public void RmsProp_schedule_is_0_045_times_0_94_every_two_epochs()
    {
        var schedule = OptimizerRecipes.Schedule(OptimizerKind.RmsProp);

        var rates = Enumerable.Range(0, 6).Select(schedule.At).ToArray();

        double[] expected = [0.045, 0.045, 0.0423, 0.0423, 0.039762, 0.039762];
        for (var epoch = 0; epoch < expected.Length; epoch++)
        {
            Assert.Equal(expected[epoch], rates[epoch], 12);
        }
    }

    [Fact]
    public void Sgd_schedule_drops_4_percent_every_eight_epochs()
    {
        var schedule = OptimizerRecipes.Schedule(OptimizerKind.Sgd, learningRate: 0.1);

        Assert.Equal(0.1, schedule.At(0), 12);
        Assert.Equal(0.1, schedule.At(7), 12);
        Assert.Equal(0.096, schedule.At(8), 12);
        Assert.Equal(0.096, schedule.At(15), 12);
        Assert.Equal(0.09216, schedule.At(16), 12);
    }

    [Fact]
    public void A_learning_rate_override_keeps_the_papers_decay()
    {
        var schedule = OptimizerRecipes.Schedule(OptimizerKind.RmsProp, learningRate: 0.01);

        Assert.Equal(0.01 * 0.94 * 0.94, schedule.At(4), 12);
    }

    [Fact]
    public void RmsProp_steps_with_decay_0_9_and_epsilon_1()
    {
        // v ← 0.9 v + 0.1 g²; p ← p − lr · g / (√v + 1), v starting at 0.
        const double gradient = 3.0;
        const double rate = 0.045;
        using var parameter = new Parameter(tensor(new[] { 1.0f }));
        using var optimizer = OptimizerRecipes.Create(OptimizerKind.RmsProp, [parameter], OptimizerRecipes.RmsPropLearningRate);
        var expected = 1.0;
        var square = 0.0;

        for (var step = 0; step < 2; step++)
        {
            Step(optimizer, parameter, gradient);
            square = (0.9 * square) + (0.1 * gradient * gradient);
            expected -= rate * gradient / (Math.Sqrt(square) + 1.0);
            Assert.Equal(expected, parameter.item<float>(), 5);
        }
    }

    [Fact]
    public void Sgd_steps_with_momentum_0_9()
    {
        // b ← 0.9 b + g (b₁ = g); p ← p − lr · b.
        const double gradient = 2.0;
        const double rate = 0.1;
        using var parameter = new Parameter(tensor(new[] { 1.0f }));
        using var optimizer = OptimizerRecipes.Create(OptimizerKind.Sgd, [parameter], rate);

        Step(optimizer, parameter, gradient);
        Step(optimizer, parameter, gradient);

        Assert.Equal(1.0 - (rate * gradient) - (rate * 1.9 * gradient), parameter.item<float>(), 5);
    }

    [Fact]
    public void Setting_the_learning_rate_reaches_every_parameter_group()
    {
        using var parameter = new Parameter(tensor(new[] { 1.0f }));
        using var optimizer = OptimizerRecipes.Create(OptimizerKind.RmsProp, [parameter], 0.045);

        OptimizerRecipes.SetLearningRate(optimizer, 0.0423);

        Assert.All(optimizer.ParamGroups, group => Assert.Equal(0.0423, group.LearningRate));
    }

    private static void Step(OptimizerHelper optimizer, Parameter parameter, double gradient)
    {
        optimizer.zero_grad();
        using var loss = (parameter * gradient).sum();
        loss.backward();
        optimizer.step();
    }
}
