using System.Reflection;
using Inception.Compiler;
using Inception.Dynamic;
using Inception.Runtime;

namespace Inception.Models.Tests;

/// <summary>
/// The generated class and the run-time network come from one module plan, printed once and interpreted once.
/// For every .incept file of dsl/ and a network per construct, both must hold the same state_dict (keys and
/// shapes) and, with the same weights, give the same logits and auxiliary logits.
/// </summary>
public sealed class ParityTests
{
    public static TheoryData<string, string> Networks() => new()
    {
        { "dsl/googlenet_paper.incept", "GoogLeNetPaper" },
        { "dsl/examples/mini_inception.incept", "MiniInception" },
        { "dsl/examples/naive_vs_reduced.incept", "NaiveInception" },
        { "dsl/examples/naive_vs_reduced.incept", "ReducedInception" },
        { "dsl/examples/mini_inception_resnet.incept", "MiniInceptionResNet" },
        { "Constructs/constructs.incept", "ConvsAndActivations" },
        { "Constructs/constructs.incept", "FlatClassifier" },
        { "Constructs/constructs.incept", "NestedBranches" },
        { "Constructs/constructs.incept", "Sequences" },
        { "Constructs/constructs.incept", "GridReductions" },
        { "Constructs/constructs.incept", "AuxHeads" },
        { "Constructs/constructs.incept", "Residuals" },
        { "Constructs/constructs.incept", "ScaledResidual" },
        { "Constructs/constructs.incept", "PoolKinds" },
        { "Constructs/constructs.incept", "EveryModule" },
        { "Constructs/constructs.incept", "FlatBranches" },
        { "Constructs/names.incept", "lowercase_names" },
        { "Constructs/hostile_names.incept", "import" },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void GeneratedAndRunTimeNetworksAgree(string file, string network)
    {
        var compilation = Compilation.CompileFile(Locate(file));
        Assert.Empty(compilation.Diagnostics);
        foreach (var auxLogits in new[] { true, false })
        {
            using var generated = Generated(network, auxLogits);
            using var dynamic = NetworkBuilder.Build(compilation, network, auxLogits);
            Assert.Equal(StateDicts.Layout(generated), StateDicts.Layout(dynamic));
            Assert.Equal(dynamic.Architecture.Parameters - (auxLogits ? 0 : dynamic.Architecture.AuxParameters), StateDicts.ParameterCount(generated));
        }

        // Seeded weights as well as inputs: an unlucky draw must not decide whether the two agree.
        random.manual_seed(2);
        using var source = Generated(network, auxLogits: true);
        using var target = NetworkBuilder.Build(compilation, network);
        StateDicts.CopyByName(source, target);
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var shape = target.Architecture.Input;
        var input = randn(2, shape.Channels, shape.Height, shape.Width);

        // Informative batch-norm statistics, so a wrong eps or a missing normalisation shows in the outputs.
        source.train();
        using (no_grad())
        {
            source.call(input * 3 + 1);
        }

        StateDicts.CopyByName(source, target);
        source.eval();
        target.eval();
        using (no_grad())
        {
            AssertClose(source.call(input), target.call(input));
        }

        source.train();
        target.train();
        using (no_grad())
        {
            random.manual_seed(5);
            var trainSource = source.call(input);
            random.manual_seed(5);
            AssertClose(trainSource, target.call(input));
        }

        Assert.Equal(source.AuxiliaryOutputs.Select(a => (a.Name, a.LossWeight)), target.AuxiliaryOutputs.Select(a => (a.Name, a.LossWeight)));
        foreach (var (expected, actual) in source.AuxiliaryOutputs.Zip(target.AuxiliaryOutputs))
        {
            AssertClose(expected.Logits, actual.Logits);
        }
    }

    /// <summary>Each class answers for its own weights' init_std; under one seed both builds draw the same weights.</summary>
    [Theory]
    [InlineData("Constructs/constructs.incept", "AuxHeads")]
    [InlineData("dsl/examples/mini_inception.incept", "MiniInception")]
    public void InitialWeightsAreTheSameUnderOneSeed(string file, string network)
    {
        var compilation = Compilation.CompileFile(Locate(file));
        random.manual_seed(7);
        using var generated = Generated(network, auxLogits: true);
        random.manual_seed(7);
        using var dynamic = NetworkBuilder.Build(compilation, network);
        var expected = generated.state_dict();
        foreach (var (key, value) in dynamic.state_dict())
        {
            Assert.True(value.equal(expected[key]).all().item<bool>(), $"{key} differs");
        }
    }

    [Fact]
    public void BlocksSetTheInitialStdOfTheirOwnLayers()
    {
        random.manual_seed(1);
        using var model = new InceptionV3();
        var weights = model.state_dict();

        // InceptionAux declares conv1 at 0.01 and fc at 0.001; the network's default is 0.1.
        Assert.InRange(weights["AuxLogits.fc.weight"].std().item<float>(), 0.0009, 0.0011);
        Assert.InRange(weights["AuxLogits.conv1.conv.weight"].std().item<float>(), 0.009, 0.011);
        Assert.InRange(weights["Mixed_7c.branch3x3_2a.conv.weight"].std().item<float>(), 0.09, 0.11);
        Assert.InRange(weights["fc.weight"].std().item<float>(), 0.09, 0.11);
    }

    [Fact]
    public void EveryNetworkOfTheConstructFilesIsCovered()
    {
        var covered = Networks().Select(row => ((string)row[0], (string)row[1])).ToHashSet();
        foreach (var file in new[] { "Constructs/constructs.incept", "Constructs/names.incept", "Constructs/hostile_names.incept", "dsl/googlenet_paper.incept", "dsl/examples/mini_inception.incept", "dsl/examples/naive_vs_reduced.incept", "dsl/examples/mini_inception_resnet.incept" })
        {
            foreach (var network in Compilation.CompileFile(Locate(file)).Networks)
            {
                Assert.Contains((file, network.Name), covered);
            }
        }
    }

    /// <summary>Within 1e-5 of the output's magnitude: two code paths over the same libtorch kernels.</summary>
    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var scale = Math.Max(1.0, expected.abs().max().item<float>());
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= 1e-5 * scale, $"outputs differ by {difference} (scale {scale})");
    }

    private static InceptionNetwork Generated(string network, bool auxLogits)
    {
        var type = typeof(ParityTests).Assembly.GetType("Inception.Models.Tests.Generated." + network)
            ?? throw new InvalidOperationException($"no generated class for {network}");
        var constructor = type.GetConstructors().Single();
        var arguments = constructor.GetParameters().Select(p => p.Name == "auxLogits" ? auxLogits : Type.Missing).ToArray();
        return (InceptionNetwork)constructor.Invoke(BindingFlags.OptionalParamBinding, null, arguments, null);
    }

    private static string Locate(string file) =>
        file.StartsWith("Constructs/", StringComparison.Ordinal) ? Path.Combine(AppContext.BaseDirectory, file) : Repository.Path(file);
}
