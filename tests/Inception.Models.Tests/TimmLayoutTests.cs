using Inception.Compiler;
using Inception.Dynamic;
using Inception.Runtime;

namespace Inception.Models.Tests;

/// <summary>
/// The later members of the family against timm's layouts: the trainable parameters of the generated classes
/// (state_dict key and shape) are exactly those in tests/data/reference/*.params.txt, which
/// timm_layouts.py derives from timm's module definitions by arithmetic alone; so are the parameter and MAC
/// counts the compiler reports. Generated and run-time networks agree on outputs, aux heads on and off.
/// </summary>
public sealed class TimmLayoutTests
{
    public static TheoryData<string, string> Models() => new()
    {
        { "inception_v4", "inception_v4.incept" },
        { "inception_resnet_v2", "inception_resnet_v2.incept" },
        { "xception", "xception.incept" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void ParametersAreTimmsKeysAndShapes(string reference, string file)
    {
        var (expected, parameters, macs) = Reference(reference);
        using var model = Generated(file, auxLogits: true);
        var actual = model.named_parameters().Select(p => $"{p.name} {string.Join("x", p.parameter.shape)}").ToList();
        Assert.Equal(expected.OrderBy(k => k, StringComparer.Ordinal), actual.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(parameters, actual.Count == 0 ? 0 : model.parameters().Sum(p => p.numel()));

        var compiled = Compilation.CompileFile(Dsl(file));
        Assert.Empty(compiled.Diagnostics);
        Assert.Equal(parameters, compiled.Networks[0].Parameters);
        Assert.Equal(macs, compiled.Networks[0].Macs);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void GeneratedAndRunTimeNetworksAgree(string reference, string file)
    {
        _ = reference;
        using var source = Generated(file, auxLogits: true);
        using var target = NetworkBuilder.Compile(Dsl(file));
        Assert.Equal(StateDicts.Layout(source), StateDicts.Layout(target));
        StateDicts.CopyByName(source, target);
        using var scope = NewDisposeScope();
        random.manual_seed(13);
        var input = randn(1, 3, 299, 299);
        source.eval();
        target.eval();
        using (no_grad())
        {
            var expected = source.call(input);
            var actual = target.call(input);
            var scale = Math.Max(1.0, expected.abs().max().item<float>());
            var difference = (expected - actual).abs().max().item<float>();
            Assert.True(difference <= 1e-5 * scale, $"outputs differ by {difference} (scale {scale})");
        }
    }

    private static (List<string> Keys, long Parameters, long Macs) Reference(string name)
    {
        var lines = File.ReadAllLines(Repository.Path("tests", "data", "reference", name + ".params.txt"));
        var header = lines[0].Split(' ');
        return (lines.Skip(1).ToList(), long.Parse(header[2], System.Globalization.CultureInfo.InvariantCulture), long.Parse(header[4], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static InceptionNetwork Generated(string file, bool auxLogits) => file switch
    {
        "inception_v4.incept" => new InceptionV4(auxLogits: auxLogits),
        "inception_resnet_v2.incept" => new InceptionResNetV2(auxLogits: auxLogits),
        _ => new Xception(auxLogits: auxLogits),
    };

    private static string Dsl(string file) => Repository.Dsl(file);
}
