using Inception.Models;

namespace Inception.Training.Tests;

/// <summary>
/// Two differently initialized generated Inception-v3 networks, shared by the weight-file tests
/// because building one costs about a second: tests load into <see cref="Target"/> after
/// perturbing it, so each starts from weights that differ from <see cref="Source"/>'s.
/// </summary>
public sealed class InceptionV3Pair : IDisposable
{
    public InceptionV3Pair()
    {
        random.manual_seed(1);
        Source = new InceptionV3(auxLogits: true);
        random.manual_seed(2);
        Target = new InceptionV3(auxLogits: true);
    }

    public InceptionV3 Source { get; }

    public InceptionV3 Target { get; }

    /// <summary>Moves every floating-point entry of <see cref="Target"/> away from its current value.</summary>
    public void PerturbTarget()
    {
        using var noGrad = no_grad();
        foreach (var (_, tensor) in Target.state_dict())
        {
            if (tensor.is_floating_point())
            {
                tensor.add_(0.5);
            }
        }
    }

    public void Dispose()
    {
        Source.Dispose();
        Target.Dispose();
    }
}
