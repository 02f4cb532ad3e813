using Inception.Runtime;

namespace Inception.Models.Tests;

public sealed class GeneratedModelTests
{
    [Fact]
    public void ParameterCountsEqualTheIr()
    {
        using var googlenet = new GoogLeNet();
        using var v2 = new InceptionV2();
        using var v3 = new InceptionV3();
        Assert.Equal(GoogLeNet.ParameterCount, StateDicts.ParameterCount(googlenet));
        Assert.Equal(InceptionV2.ParameterCount, StateDicts.ParameterCount(v2));
        Assert.Equal(InceptionV3.ParameterCount, StateDicts.ParameterCount(v3));

        using var bare = new GoogLeNet(auxLogits: false);
        Assert.Equal(GoogLeNet.ParameterCount - GoogLeNet.AuxParameterCount, StateDicts.ParameterCount(bare));
    }

    [Fact]
    public void ArchitectureFactsMatchTheReferenceFigures()
    {
        Assert.Equal(13_004_888, GoogLeNet.ParameterCount);
        Assert.Equal(1_498_376_192, GoogLeNet.MacCount);
        Assert.Equal(27_161_264, InceptionV3.ParameterCount);
        Assert.Equal(3_326_696, InceptionV3.AuxParameterCount);
        Assert.Equal(5_713_216_096, InceptionV3.MacCount);
        Assert.Equal((3, 299, 299), (InceptionV2.InputChannels, InceptionV2.InputHeight, InceptionV2.InputWidth));
        Assert.Equal(0.3, GoogLeNet.Aux1LossWeight);
    }

    [Fact]
    public void InceptionV2TrainsThroughItsWeightedAuxiliaryLoss()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        using var model = new InceptionV2(numClasses: 10);
        model.train();
        var input = randn(2, 3, 299, 299);
        var labels = tensor(new long[] { 1, 7 });

        var logits = model.call(input);
        Assert.Equal(new long[] { 2, 10 }, logits.shape);
        var aux = Assert.Single(model.AuxiliaryOutputs);
        Assert.Equal(new long[] { 2, 10 }, aux.Logits.shape);
        Assert.Equal(InceptionV2.AuxLossWeight, aux.LossWeight);

        var loss = nn.functional.cross_entropy(logits, labels) + (aux.LossWeight * nn.functional.cross_entropy(aux.Logits, labels));
        loss.backward();
        var gradients = model.named_parameters().Where(p => p.name.StartsWith("aux.", StringComparison.Ordinal)).Select(p => p.parameter.grad).ToList();
        Assert.NotEmpty(gradients);
        Assert.All(gradients, g => Assert.True(g is not null && g.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void EvalModeReturnsLogitsOnlyAndNoAuxiliaryOutputs()
    {
        using var scope = NewDisposeScope();
        using var model = new InceptionV2();
        model.eval();
        using var noGrad = no_grad();
        var logits = model.call(randn(1, 3, 299, 299));
        Assert.Equal(new long[] { 1, 1000 }, logits.shape);
        Assert.Empty(model.AuxiliaryOutputs);
    }
}
