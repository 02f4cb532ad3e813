namespace Inception.Models.Tests;

/// <summary>
/// The generated classes against TorchVision 0.107.0 (the C# port of torchvision): same state_dict keys and
/// shapes, so torchvision's weights load by name, and the same outputs once they have.
/// </summary>
public sealed class TorchvisionEquivalenceTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void GoogLeNetMatchesTorchvisionWeightForWeight()
    {
        using var reference = torchvision.models.googlenet();
        using var generated = new GoogLeNet(auxLogits: false);
        AssertEquivalent(reference, generated, 224);
    }

    [Fact]
    public void InceptionV3MatchesTorchvisionWeightForWeight()
    {
        using var reference = torchvision.models.inception_v3();
        using var generated = new InceptionV3(auxLogits: true);
        AssertEquivalent(reference, generated, 299);
    }

    private static void AssertEquivalent(nn.Module<Tensor, Tensor> reference, nn.Module<Tensor, Tensor> generated, int size)
    {
        Assert.Equal(StateDicts.Layout(reference), StateDicts.Layout(generated));

        StateDicts.CopyByName(reference, generated);
        reference.eval();
        generated.eval();
        using var scope = NewDisposeScope();
        random.manual_seed(7);
        var input = randn(2, 3, size, size);
        using var noGrad = no_grad();
        var expected = reference.call(input);
        var actual = generated.call(input);
        Assert.Equal(new long[] { 2, 1000 }, actual.shape);
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= Tolerance, $"max |torchvision - generated| = {difference}");

        // Guard against a vacuous pass: the outputs must depend on the weights that were copied.
        Assert.True(expected.std().item<float>() > 1e-3);
    }
}
