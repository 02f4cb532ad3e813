using Inception.Dynamic;
using Inception.Runtime;

namespace Inception.Models.Tests;

/// <summary>
/// A network compiled from its .incept file at run time must be the network the generator emits for the same
/// file: same state_dict keys and shapes, and the same outputs once the weights are the same.
/// </summary>
public sealed class DynamicNetworkTests
{
    public static TheoryData<string, int> Models() => new()
    {
        { "googlenet.incept", 224 },
        { "inception_v2.incept", 299 },
        { "inception_v3.incept", 299 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void RuntimeCompiledNetworkEqualsTheGeneratedClass(string file, int size)
    {
        foreach (var auxLogits in new[] { true, false })
        {
            using var generated = Generated(file, auxLogits);
            using var dynamic = NetworkBuilder.Compile(Dsl(file), auxLogits: auxLogits);
            Assert.Equal(StateDicts.Layout(generated), StateDicts.Layout(dynamic));
            Assert.Equal(dynamic.Architecture.Parameters - (auxLogits ? 0 : dynamic.Architecture.AuxParameters), StateDicts.ParameterCount(dynamic));
        }

        using var source = Generated(file, auxLogits: true);
        using var target = NetworkBuilder.Compile(Dsl(file));
        StateDicts.CopyByName(source, target);
        using var scope = NewDisposeScope();
        random.manual_seed(11);
        var input = randn(1, 3, size, size);

        source.eval();
        target.eval();
        using (no_grad())
        {
            var difference = (source.call(input) - target.call(input)).abs().max().item<float>();
            Assert.True(difference <= 1e-5, $"eval outputs differ by {difference}");
        }

        source.train();
        target.train();
        using (no_grad())
        {
            random.manual_seed(5);
            source.call(input);
            random.manual_seed(5);
            target.call(input);
        }

        Assert.Equal(source.AuxiliaryOutputs.Select(a => (a.Name, a.LossWeight)), target.AuxiliaryOutputs.Select(a => (a.Name, a.LossWeight)));
        foreach (var (expected, actual) in source.AuxiliaryOutputs.Zip(target.AuxiliaryOutputs))
        {
            Assert.True((expected.Logits - actual.Logits).abs().max().item<float>() <= 1e-5);
        }
    }

    [Fact]
    public void ABrokenFileThrowsWithItsLocatedDiagnostics()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.incept");
        File.WriteAllText(path, "network N {\n  input 1x8x8\n  classes 2\n  conv 4 3x3 wat=1\n  global_avgpool\n  linear classes\n}\n");
        try
        {
            var exception = Assert.Throws<InceptCompilationException>(() => NetworkBuilder.Compile(path));
            Assert.Equal($"{path}(4,14): error INC0102: 'conv' has no option 'wat'; known options: stride, pad, groups, bias, bn, eps, relu, init_std", exception.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static InceptionNetwork Generated(string file, bool auxLogits) => file switch
    {
        "googlenet.incept" => new GoogLeNet(auxLogits: auxLogits),
        "inception_v2.incept" => new InceptionV2(auxLogits: auxLogits),
        _ => new InceptionV3(auxLogits: auxLogits),
    };

    private static string Dsl(string file) => Repository.Dsl(file);
}
