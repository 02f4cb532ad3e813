namespace Inception.Compiler.Tests;

/// <summary>Layer paths are the state_dict prefixes that make torchvision's weights load by name.</summary>
public sealed class LayerNameTests
{
    [Theory]
    [InlineData("googlenet.incept", "conv1", "conv")]
    [InlineData("googlenet.incept", "inception3a.branch1", "conv")]
    [InlineData("googlenet.incept", "inception3a.branch2.1", "conv")]
    [InlineData("googlenet.incept", "inception5b.branch4.0", "maxpool")]
    [InlineData("googlenet.incept", "inception5b.branch4.1", "conv")]
    [InlineData("googlenet.incept", "aux2.fc1", "linear")]
    [InlineData("googlenet.incept", "aux1.conv", "conv")]
    [InlineData("googlenet.incept", "fc", "linear")]
    [InlineData("inception_v3.incept", "Conv2d_4a_3x3", "conv")]
    [InlineData("inception_v3.incept", "Mixed_6e.branch7x7dbl_5", "conv")]
    [InlineData("inception_v3.incept", "Mixed_7a.branch7x7x3_4", "conv")]
    [InlineData("inception_v3.incept", "Mixed_7c.branch3x3_2b", "conv")]
    [InlineData("inception_v3.incept", "Mixed_7c.branch3x3dbl_3a", "conv")]
    [InlineData("inception_v3.incept", "AuxLogits.conv1", "conv")]
    [InlineData("inception_v3.incept", "AuxLogits.fc", "linear")]
    public void LayerHasTorchvisionPath(string file, string path, string op)
    {
        var network = ReferenceModels.Network(file);
        var node = Assert.Single(network.Layers(), l => l.Path == path);
        Assert.Equal(op, node.Op.Keyword);
    }

    [Fact]
    public void GoogLeNetBranchThreeUsesTorchvisionsThreeByThree()
    {
        var network = ReferenceModels.Network("googlenet.incept");
        var branch3 = network.Layers().Where(l => l.Path.EndsWith(".branch3.1", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, branch3.Count);
        Assert.All(branch3, l => Assert.Contains(" 3x3 ", l.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public void UnnamedLayersGetGeneratedNamesThatDoNotCollide()
    {
        var result = Compilation.Compile("n.incept", """
            network N {
              input 3x8x8
              classes 10
              conv_1 = conv 4 3x3
              conv 4 3x3
              conv 4 3x3
              global_avgpool
              linear classes
            }
            """);
        Assert.Empty(result.Diagnostics);
        var paths = result.Networks[0].Layers().Select(l => l.Path).ToList();
        Assert.Equal(new[] { "conv_1", "conv_2", "conv_3", "global_avgpool_1", "linear_1" }, paths);
    }
}
