using Inception.Compiler.IR;

namespace Inception.Compiler.Tests;

/// <summary>
/// The reference figures come from torchvision's published weight metadata (and a count of TorchVision
/// 0.107.0's modules), not from this compiler: parameters with and without auxiliary heads, and MACs.
/// </summary>
public sealed class ReferenceFigureTests
{
    [Fact]
    public void GoogLeNetMatchesTorchvision()
    {
        var network = ReferenceModels.Network("googlenet.incept");
        Assert.Equal(new Shape(3, 224, 224), network.Input);
        Assert.Equal(13_004_888, network.Parameters);
        Assert.Equal(6_379_984, network.AuxParameters);
        Assert.Equal(6_624_904, network.Parameters - network.AuxParameters);
        Assert.Equal(1_498_376_192, network.Macs);
        Assert.Equal(2 * 1_498_376_192L, network.Flops);
        Assert.Equal(new[] { ("aux1", 0.3), ("aux2", 0.3) }, network.AuxHeads.Select(h => (h.Path, h.LossWeight)));
    }

    [Fact]
    public void InceptionV3MatchesTorchvision()
    {
        var network = ReferenceModels.Network("inception_v3.incept");
        Assert.Equal(new Shape(3, 299, 299), network.Input);
        Assert.Equal(27_161_264, network.Parameters);
        Assert.Equal(3_326_696, network.AuxParameters);
        Assert.Equal(23_834_568, network.Parameters - network.AuxParameters);
        Assert.Equal(5_713_216_096, network.Macs);
        Assert.Equal("AuxLogits", Assert.Single(network.AuxHeads).Path);
    }

    [Fact]
    public void InceptionV2HasTheStageBoundariesOfTable1()
    {
        var network = ReferenceModels.Network("inception_v2.incept");
        Assert.Equal(new Shape(3, 299, 299), network.Input);
        var outputs = network.Root.Children.Select(c => c.Output).ToList();

        // Table 1 of the Rethinking paper: 35x35x288 -> 17x17x768 -> 8x8x1280 -> 8x8x2048.
        Assert.Contains(new Shape(288, 35, 35), outputs);
        Assert.Contains(new Shape(768, 17, 17), outputs);
        Assert.Contains(new Shape(1280, 8, 8), outputs);
        Assert.Contains(new Shape(2048, 8, 8), outputs);
        Assert.Single(network.AuxHeads);
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void LayerCountsAddUpToTheTotals(string file)
    {
        var network = ReferenceModels.Network(file);
        var layers = network.Layers().ToList();
        Assert.Equal(network.Parameters, layers.Sum(l => l.Parameters));
        Assert.Equal(network.AuxParameters, layers.Where(l => l.Auxiliary).Sum(l => l.Parameters));
        Assert.Equal(network.Macs, layers.Where(l => !l.Auxiliary).Sum(l => l.Macs));
        Assert.Equal(network.AuxMacs, layers.Where(l => l.Auxiliary).Sum(l => l.Macs));
        Assert.All(network.Nodes().Where(n => n.Kind != IrKind.Layer), n =>
        {
            Assert.Equal(n.Parameters, n.Children.Sum(c => c.Parameters));
            Assert.Equal(n.Macs, n.Children.Sum(c => c.Macs));
        });
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void CompilingTwiceGivesEqualResults(string file)
    {
        // The generator's incremental cache compares results by value.
        var first = ReferenceModels.Compile(file);
        var second = ReferenceModels.Compile(file);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    public static TheoryData<string> AllFiles() => new(ReferenceModels.Files);
}
