using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Inception.Training.Data;

/// <summary>The contents of an unsigned-byte IDX file: its dimensions and its values in row-major order.</summary>
/// <param name="Dimensions">Sizes, outermost first (e.g. 60000, 28, 28 for MNIST images).</param>
/// <param name="Values">Every value, row-major.</param>
public sealed record IdxArray(IReadOnlyList<int> Dimensions, byte[] Values)
{
    /// <summary>The values as a uint8 tensor of shape <see cref="Dimensions"/>.</summary>
    public Tensor ToTensor() => tensor(Values, Dimensions.Select(size => (long)size).ToArray(), uint8);
}
