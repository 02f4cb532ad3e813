using TorchSharp;
using static TorchSharp.torch;

namespace Inception.Tests.Shared;

/// <summary>Moves every batch norm away from the identity, so a wrong eps, a missed fold or a lost statistic shows in the outputs.</summary>
internal static class BatchNormStatistics
{
    public static void Randomize(nn.Module model)
    {
        using var noGrad = no_grad();
        random.manual_seed(42);

        // state_dict hands out the model's own tensors, so writing to them changes the model.
        foreach (var (name, tensor) in model.state_dict())
        {
            if (name.EndsWith("running_var", StringComparison.Ordinal))
            {
                tensor.copy_(rand_like(tensor) + 0.5);
            }
            else if (name.EndsWith("running_mean", StringComparison.Ordinal))
            {
                tensor.copy_(randn_like(tensor) * 0.1);
            }
            else if (name.Contains("bn", StringComparison.Ordinal) && tensor.dtype == ScalarType.Float32 && name.EndsWith("weight", StringComparison.Ordinal))
            {
                tensor.copy_(rand_like(tensor) + 0.5);
            }
        }
    }
}
