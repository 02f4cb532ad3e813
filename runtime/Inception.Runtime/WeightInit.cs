using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inception.Runtime;

/// <summary>
/// torchvision's initialization of its Inception networks (init_weights=True): conv and linear
/// weights from a truncated normal, batch norms reset to the identity. GoogLeNet uses std 0.01
/// everywhere; Inception-v3 uses 0.1 except 0.001 for AuxLogits.fc.
/// </summary>
public static class WeightInit
{
    /// <summary>
    /// Fills <paramref name="weight"/> from N(0, std²) truncated to [<paramref name="lower"/>,
    /// <paramref name="upper"/>]. The defaults repeat torchvision's call
    /// <c>trunc_normal_(mean=0.0, std=std, a=-2, b=2)</c>, whose bounds are absolute values, not
    /// multiples of std: for the small stds of Inception networks they cut nothing.
    /// </summary>
    public static void TruncatedNormal(Tensor weight, double std, double lower = -2, double upper = 2)
    {
        // Not nn.init.trunc_normal_: in TorchSharp 0.107.0 its native code swaps mean and std and
        // drops a factor √2, so with mean 0 it fills the tensor with the constant std. This is
        // PyTorch's algorithm: map a uniform sample between the bounds' CDF values through the
        // inverse CDF, then clamp away rounding at the bounds.
        using var noGrad = no_grad();
        weight.uniform_((2 * StandardNormalCdf(lower / std)) - 1, (2 * StandardNormalCdf(upper / std)) - 1);
        weight.erfinv_();
        weight.mul_(std * Math.Sqrt(2));
        weight.clamp_(lower, upper);
    }

    /// <summary>Sets a batch norm's scale to 1 and shift to 0, so it starts as a pure normalization.</summary>
    public static void ResetBatchNorm(BatchNorm2d batchNorm)
    {
        // A batch norm without a learned scale and shift (affine=false) has nothing to reset.
        if (batchNorm.weight is null || batchNorm.bias is null)
        {
            return;
        }

        using var noGrad = no_grad();
        nn.init.ones_(batchNorm.weight);
        nn.init.zeros_(batchNorm.bias);
    }

    /// <summary>
    /// Initializes every Conv2d and Linear weight below <paramref name="root"/> with
    /// <see cref="TruncatedNormal"/> and resets every BatchNorm2d. <paramref name="stdForPath"/>
    /// maps a layer's dotted path (e.g. <c>AuxLogits.fc</c>) to its std; null keeps TorchSharp's
    /// default initialization for that layer. Biases keep their default initialization, as in torchvision.
    /// </summary>
    public static void Apply(nn.Module root, Func<string, double?> stdForPath)
    {
        foreach (var (path, module) in root.named_modules())
        {
            switch (module)
            {
                case Conv2d conv when stdForPath(path) is double std:
                    TruncatedNormal(conv.weight, std);
                    break;
                case Linear linear when stdForPath(path) is double std:
                    TruncatedNormal(linear.weight, std);
                    break;
                case BatchNorm2d batchNorm:
                    ResetBatchNorm(batchNorm);
                    break;
            }
        }
    }

    /// <summary>
    /// Initializes every Conv2d and Linear weight below <paramref name="root"/> with the stddev that the
    /// nearest enclosing <see cref="IInitialStd"/> module (the root included) gives for the weight's path
    /// relative to it, and resets every BatchNorm2d. The modules are visited in the order of
    /// <c>named_modules()</c>, so the random draws are those of the path-based overload.
    /// </summary>
    public static void Apply(nn.Module root)
    {
        var owners = new Dictionary<string, IInitialStd>(StringComparer.Ordinal);
        if (root is IInitialStd rootTable)
        {
            owners[string.Empty] = rootTable;
        }

        foreach (var (path, module) in root.named_modules())
        {
            if (module is IInitialStd table && path.Length > 0)
            {
                owners[path] = table;
            }
        }

        Apply(root, path =>
        {
            for (var owner = Parent(path); owner is not null; owner = Parent(owner))
            {
                if (owners.TryGetValue(owner, out var table))
                {
                    return table.InitialStd(owner.Length == 0 ? path : path.Substring(owner.Length + 1));
                }
            }

            return null;
        });
    }

    /// <summary>The path of the enclosing module: <c>a.b</c> for <c>a.b.c</c>, the root's empty path for <c>a</c>, null above the root.</summary>
    private static string? Parent(string path) =>
        path.Length == 0 ? null : path.LastIndexOf('.') is var dot and >= 0 ? path.Substring(0, dot) : string.Empty;

    private static double StandardNormalCdf(double x)
    {
        using var scaled = tensor(x / Math.Sqrt(2), float64);
        using var erf = scaled.erf();
        return (1 + erf.item<double>()) / 2;
    }
}
