using Inception.Compiler;
using Inception.Dynamic;
using Inception.Training.Loss;

namespace Inception.Training.Tests;

/// <summary>The `aux_head weight=` written in the .incept file is the factor on that head's loss in training.</summary>
public sealed class AuxiliaryWeightTests
{
    private const string Source = """
        defaults {
          conv bias=false bn=true eps=0.001 relu=true
        }

        network Tiny {
          input 1x12x12
          classes 4
          stem = conv 16 3x3 pad=1
          aux = aux_head weight=WEIGHT {
            global_avgpool
            fc = linear classes
          }
          body = conv 16 3x3 stride=2
          pool = global_avgpool
          fc = linear classes
        }
        """;

    [Fact]
    public void DoublingTheDeclaredWeightDoublesTheAuxiliaryHeadsGradient()
    {
        var light = AuxiliaryGradient("0.3");
        var heavy = AuxiliaryGradient("0.6");
        Assert.True(light.abs().sum().item<float>() > 0, "the auxiliary head must receive a gradient");
        var ratio = (heavy / light).flatten();
        Assert.True((ratio - 2).abs().max().item<float>() < 1e-3, $"gradient ratios {string.Join(", ", ratio.data<float>().Take(8))}");
    }

    private static Tensor AuxiliaryGradient(string weight)
    {
        var compilation = Compilation.Compile("tiny.incept", Source.Replace("WEIGHT", weight, StringComparison.Ordinal));
        random.manual_seed(42);
        using var network = NetworkBuilder.Build(compilation);
        Assert.Equal(double.Parse(weight, System.Globalization.CultureInfo.InvariantCulture), network.AuxiliaryHeads.Single().LossWeight);
        network.train();

        random.manual_seed(7);
        var images = randn(8, 1, 12, 12);
        var labels = tensor(new long[] { 0, 1, 2, 3, 0, 1, 2, 3 });
        var logits = network.call(images);
        InceptionLoss.Compute(logits, network.AuxiliaryOutputs, labels, labelSmoothing: 0.1).backward();
        var parameter = network.named_parameters().Single(p => p.name == "aux.fc.weight").parameter;
        return parameter.grad!.detach().clone();
    }
}
