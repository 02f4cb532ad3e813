using Inception.Training.Optimization;

namespace Inception.Training.Tests;

public sealed class GradientClippingTests
{
    [Fact]
    public void A_training_step_caps_the_global_gradient_norm_at_the_limit()
    {
        random.manual_seed(11);
        using var model = new TinyInception(channels: 1, classes: 4);
        using (no_grad())
        {
            // Huge logits make huge gradients, so clipping has something to cap.
            foreach (var parameter in model.parameters())
            {
                parameter.mul_(50);
            }
        }

        model.train();
        using var optimizer = OptimizerRecipes.Create(OptimizerKind.Sgd, model.parameters(), 0.01);
        using var images = randn(8, 1, 12, 12);
        using var labels = randint(0, 4, [8], int64);

        var outcome = TrainingStep.Run(model, optimizer, images, labels, labelSmoothing: 0.1, clipNorm: 2.0);

        Assert.True(outcome.GradientNorm > 2.0, $"the unclipped norm {outcome.GradientNorm} should exceed the limit");
        Assert.Equal(2.0, GlobalNorm(model), 3);
    }

    [Fact]
    public void Without_a_limit_the_gradients_are_left_alone()
    {
        random.manual_seed(11);
        using var model = new TinyInception(channels: 1, classes: 4);
        using (no_grad())
        {
            foreach (var parameter in model.parameters())
            {
                parameter.mul_(50);
            }
        }

        model.train();
        using var optimizer = OptimizerRecipes.Create(OptimizerKind.Sgd, model.parameters(), 0.01);
        using var images = randn(8, 1, 12, 12);
        using var labels = randint(0, 4, [8], int64);

        var outcome = TrainingStep.Run(model, optimizer, images, labels, labelSmoothing: 0.1, clipNorm: null);

        Assert.True(double.IsNaN(outcome.GradientNorm));
        Assert.True(GlobalNorm(model) > 2.0);
    }

    private static double GlobalNorm(nn.Module model) =>
        Math.Sqrt(model.parameters().Sum(parameter => Math.Pow(parameter.grad!.norm().item<float>(), 2)));
}
