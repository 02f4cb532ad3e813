using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Inception.Runtime.Tests;

public sealed class BasicConv2dTests
{
    [Fact]
    public void Forward_applies_kernel_stride_and_padding()
    {
        using var block = new BasicConv2d(3, 32, (3, 3), stride: (2, 2), padding: (1, 1));
        using var input = randn(2, 3, 35, 35);

        using var output = block.call(input);

        Assert.Equal(new long[] { 2, 32, 18, 18 }, output.shape);
    }

    [Fact]
    public void Relu_is_optional()
    {
        using var withRelu = new BasicConv2d(4, 8, (1, 1));
        using var withoutRelu = new BasicConv2d(4, 8, (1, 1), relu: false);
        using var input = randn(1, 4, 5, 5);

        using var rectified = withRelu.call(input);
        using var raw = withoutRelu.call(input);

        Assert.True(rectified.min().item<float>() >= 0);
        Assert.True(raw.min().item<float>() < 0);
    }

    [Fact]
    public void Parameters_are_conv_weight_and_batch_norm_scale_and_shift()
    {
        using var block = new BasicConv2d(3, 32, (3, 3));
        using var biased = new BasicConv2d(3, 32, (3, 3), bias: true);

        Assert.Equal((3 * 32 * 3 * 3) + (2 * 32), ParameterCount(block));
        Assert.Equal((3 * 32 * 3 * 3) + 32 + (2 * 32), ParameterCount(biased));
    }

    [Fact]
    public void State_dict_matches_torchvision_basic_conv2d()
    {
        using var torchvisionModel = torchvision.models.inception_v3();
        var torchvisionBlock = Submodule(torchvisionModel, "Conv2d_1a_3x3");
        using var block = new BasicConv2d(3, 32, (3, 3), stride: (2, 2));

        Assert.Equal(
            new[] { "conv.weight", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked" },
            block.state_dict().Keys);
        Assert.Equal(Shapes(torchvisionBlock), Shapes(block));
    }

    [Fact]
    public void Computes_what_torchvision_basic_conv2d_computes_with_the_same_weights()
    {
        using var torchvisionModel = torchvision.models.inception_v3();
        var torchvisionBlock = Submodule(torchvisionModel, "Conv2d_2a_3x3");
        using var block = new BasicConv2d(32, 32, (3, 3));
        var weights = torchvisionBlock.state_dict();

        // Small running variances make the result depend on batch norm's epsilon.
        weights["bn.running_var"] = rand(32) * 0.01;
        weights["bn.running_mean"] = randn(32);
        torchvisionBlock.load_state_dict(weights);
        block.load_state_dict(weights);
        torchvisionBlock.eval();
        block.eval();
        using var input = randn(1, 32, 9, 9);

        using var expected = torchvisionBlock.call(input);
        using var actual = block.call(input);

        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    private static nn.Module<Tensor, Tensor> Submodule(nn.Module model, string name) =>
        (nn.Module<Tensor, Tensor>)model.named_modules().Single(entry => entry.name == name).module;

    private static long ParameterCount(nn.Module module) => module.parameters().Sum(parameter => parameter.numel());

    private static Dictionary<string, long[]> Shapes(nn.Module module) =>
        module.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.shape);
}
