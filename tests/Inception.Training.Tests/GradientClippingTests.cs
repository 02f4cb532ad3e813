using Inception.Training.Optimization;

namespace Inception.Training.Tests;

public sealed class GradientClippingTests
{
    [Fact]
    public void A_training_step_caps_the_global_gradient_norm_at_the_limit()
    {
        using var model = LargeGradientModel();
        var outcome = Step(model, clipNorm: 2.0);

        Assert.True(outcome.GradientNorm > 2.0, $"the unclipped norm {outcome.GradientNorm} should exceed the limit");
        Assert.Equal(2.0, GlobalNorm(model), 3);
    }

    [Fact]
    public void Without_a_limit_the_gradients_are_left_alone()
    {
        using var model = LargeGradientModel();
        var outcome = Step(model, clipNorm: null);

        Assert.True(double.IsNaN(outcome.GradientNorm));
        Assert.True(GlobalNorm(model) > 2.0);
    }

    /// <summary>A model whose weights are scaled up 50 times: huge logits make huge gradients, so clipping has something to cap.</summary>
    private static TinyInception LargeGradientModel()
    {
        random.manual_seed(11);
        var model = new TinyInception(channels: 1, classes: 4);
        using (no_grad())
        {
            foreach (var parameter in model.parameters())
            {
                parameter.mul_(50);
            }
        }

        model.train();
        return model;
    }

    private static StepOutcome Step(TinyInception model, double? clipNorm)
    {
        using var optimizer = OptimizerRecipes.Create(OptimizerKind.Sgd, model.parameters(), 0.01);
        using var images = randn(8, 1, 12, 12);
        using var labels = randint(0, 4, [8], int64);
        return TrainingStep.Run(model, optimizer, images, labels, labelSmoothing: 0.1, clipNorm: clipNorm);
    }

    private static double GlobalNorm(nn.Module model) =>
        Math.Sqrt(model.parameters().Sum(parameter => Math.Pow(parameter.grad!.norm().item<float>(), 2)));
}
