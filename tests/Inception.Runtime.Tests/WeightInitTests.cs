using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Inception.Runtime.Tests;

public sealed class WeightInitTests
{
    [Fact]
    public void Truncated_normal_has_the_requested_spread()
    {
        using var weight = empty(200, 200);

        WeightInit.TruncatedNormal(weight, 0.01);

        Assert.InRange(weight.std().item<float>(), 0.0097, 0.0103);
        Assert.InRange(weight.mean().item<float>(), -0.0003, 0.0003);
    }

    [Fact]
    public void Truncated_normal_stays_within_its_bounds()
    {
        using var weight = empty(200, 200);

        WeightInit.TruncatedNormal(weight, std: 1.0, lower: -0.5, upper: 0.5);

        Assert.True(weight.abs().max().item<float>() <= 0.5f);
    }

    [Fact]
    public void Reset_batch_norm_gives_unit_scale_and_zero_shift()
    {
        using var batchNorm = nn.BatchNorm2d(16);
        using (no_grad())
        {
            batchNorm.weight!.uniform_(2, 3);
            batchNorm.bias!.uniform_(2, 3);
        }

        WeightInit.ResetBatchNorm(batchNorm);

        Assert.True(batchNorm.weight!.eq(1).all().item<bool>());
        Assert.True(batchNorm.bias!.eq(0).all().item<bool>());
    }

    [Fact]
    public void Apply_initializes_the_layers_the_callback_names_and_resets_batch_norms()
    {
        using var model = nn.Sequential(
            ("conv", nn.Conv2d(8, 8, 3)),
            ("bn", nn.BatchNorm2d(8)),
            ("fc", nn.Linear(400, 300)));
        var layers = model.named_children().ToDictionary(entry => entry.name, entry => entry.module);
        var conv = (Conv2d)layers["conv"];
        var batchNorm = (BatchNorm2d)layers["bn"];
        var linear = (Linear)layers["fc"];
        using var convBefore = conv.weight!.clone();
        using (no_grad())
        {
            batchNorm.weight!.fill_(3);
        }

        WeightInit.Apply(model, path => path == "fc" ? 0.001 : null);

        Assert.True(conv.weight!.eq(convBefore).all().item<bool>());
        Assert.InRange(linear.weight!.std().item<float>(), 0.00097, 0.00103);
        Assert.True(batchNorm.weight!.eq(1).all().item<bool>());
    }

    [Fact]
    public void Initialization_is_not_recorded_by_autograd()
    {
        using var linear = nn.Linear(10, 10);

        WeightInit.TruncatedNormal(linear.weight!, 0.1);

        Assert.True(linear.weight!.is_leaf);
        Assert.True(linear.weight!.requires_grad);
    }
}
