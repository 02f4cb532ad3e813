using System;
using static TorchSharp.torch;

namespace Inception.Training.Data;

/// <summary>
/// Turns a uint8 batch into network input: augmentation (training only), scaling to [0, 1],
/// standardization, then, when the network expects them, more channels (grey repeated) and a
/// different size (bilinear), and finally the move to the training device.
/// </summary>
/// <param name="Normalization">Per-channel standardization of the data set's channels.</param>
/// <param name="Augmentation">Applied when a generator is passed to <see cref="Prepare"/>.</param>
/// <param name="Channels">Channels the network expects; null keeps the data set's. Only 1 → C is supported.</param>
/// <param name="Size">Side length the network expects; null keeps the data set's.</param>
public sealed record InputPipeline(Normalization Normalization, Augmentation Augmentation, int? Channels = null, int? Size = null)
{
    /// <summary>Prepares <paramref name="images"/>; augments them when <paramref name="generator"/> is given.</summary>
    public Tensor Prepare(Tensor images, Generator? generator, Device device)
    {
        using var scope = NewDisposeScope();
        var batch = generator is null ? images : Augmentation.Apply(images, generator);
        var input = Normalization.Apply(batch.to(float32).div(255)).to(device);
        if (Channels is int channels && channels != input.shape[1])
        {
            if (input.shape[1] != 1)
            {
                throw new InvalidOperationException($"Cannot turn {input.shape[1]}-channel images into {channels} channels.");
            }

            input = input.expand(-1, channels, -1, -1).contiguous();
        }

        if (Size is int size && (input.shape[2] != size || input.shape[3] != size))
        {
            input = nn.functional.interpolate(input, [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
        }

        return input.MoveToOuterDisposeScope();
    }
}
