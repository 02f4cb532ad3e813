using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Inception.Training.Data;

/// <summary>Per-channel standardization of pixel values in [0, 1]: (x − mean) / std.</summary>
/// <param name="Mean">One mean per channel.</param>
/// <param name="Std">One standard deviation per channel.</param>
public sealed record Normalization(IReadOnlyList<double> Mean, IReadOnlyList<double> Std)
{
    // Bounds the float64 copy that the statistics need; the uint8 data set itself stays as it is.
    private const long ImagesPerChunk = 4096;

    /// <summary>The mean and (population) standard deviation of each channel of <paramref name="dataset"/>, pixels scaled to [0, 1].</summary>
    public static Normalization Of(ImageDataset dataset)
    {
        var channels = dataset.Channels;
        using var sum = zeros(channels, float64);
        using var sumOfSquares = zeros(channels, float64);
        for (long start = 0; start < dataset.Count; start += ImagesPerChunk)
        {
            using var scope = NewDisposeScope();
            var chunk = dataset.Images.narrow(0, start, Math.Min(ImagesPerChunk, dataset.Count - start)).to(float64).div(255);
            sum.add_(chunk.sum([0, 2, 3]));
            sumOfSquares.add_(chunk.square().sum([0, 2, 3]));
        }

        var pixels = (double)dataset.Count * dataset.Height * dataset.Width;
        var mean = sum.data<double>().Select(total => total / pixels).ToArray();
        var std = sumOfSquares.data<double>()
            .Select((total, channel) => Math.Sqrt(Math.Max(total / pixels - (mean[channel] * mean[channel]), 0)))
            .ToArray();
        if (std.Any(value => value == 0))
        {
            throw new ArgumentException("A channel of the data set is constant: it cannot be standardized.", nameof(dataset));
        }

        return new Normalization(mean, std);
    }

    /// <summary>Standardizes float <paramref name="images"/> (N x C x H x W, values in [0, 1]).</summary>
    public Tensor Apply(Tensor images)
    {
        if (images.shape[1] != Mean.Count)
        {
            throw new ArgumentException($"The normalization has {Mean.Count} channels, the images {images.shape[1]}.", nameof(images));
        }

        using var mean = tensor(Mean.ToArray(), images.dtype, images.device).view(1, -1, 1, 1);
        using var std = tensor(Std.ToArray(), images.dtype, images.device).view(1, -1, 1, 1);
        using var centered = images.sub(mean);
        return centered.div(std);
    }
}
