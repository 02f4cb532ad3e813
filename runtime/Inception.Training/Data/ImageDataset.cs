using System;
using static TorchSharp.torch;

namespace Inception.Training.Data;

/// <summary>
/// A labelled image set held in memory as two tensors, so that batches are gathered and augmented
/// with tensor operations instead of per-image loops: images N x C x H x W as uint8 (a quarter of
/// float32's memory; converted per batch) and labels N as int64.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    /// <param name="images">N x C x H x W, uint8; the dataset takes ownership.</param>
    /// <param name="labels">N class indices, int64; the dataset takes ownership.</param>
    /// <param name="classes">The number of classes; every label must lie in [0, classes).</param>
    public ImageDataset(Tensor images, Tensor labels, int classes)
    {
        if (images.dim() != 4 || images.dtype != uint8)
        {
            throw new ArgumentException($"Images must be N x C x H x W uint8; got [{string.Join(", ", images.shape)}] {images.dtype}.", nameof(images));
        }

        if (labels.dim() != 1 || labels.dtype != int64 || labels.shape[0] != images.shape[0])
        {
            throw new ArgumentException($"Labels must be {images.shape[0]} int64 values; got [{string.Join(", ", labels.shape)}] {labels.dtype}.", nameof(labels));
        }

        if (labels.numel() > 0)
        {
            using var smallest = labels.min();
            using var largest = labels.max();
            if (smallest.item<long>() < 0 || largest.item<long>() >= classes)
            {
                throw new ArgumentException($"Labels must lie in [0, {classes}).", nameof(labels));
            }
        }

        Images = images;
        Labels = labels;
        Classes = classes;
    }

    /// <summary>N x C x H x W, uint8.</summary>
    public Tensor Images { get; }

    /// <summary>N class indices, int64.</summary>
    public Tensor Labels { get; }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <summary>The number of images.</summary>
    public long Count => Images.shape[0];

    /// <summary>Channels per image.</summary>
    public long Channels => Images.shape[1];

    /// <summary>Image height.</summary>
    public long Height => Images.shape[2];

    /// <summary>Image width.</summary>
    public long Width => Images.shape[3];

    /// <summary>
    /// The first <paramref name="count"/> images (all of them if there are fewer), for short runs.
    /// Fashion-MNIST's files are already shuffled, so a prefix has every class. Shares memory
    /// with this dataset; dispose both.
    /// </summary>
    public ImageDataset Subset(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var taken = Math.Min(count, Count);
        return new ImageDataset(Images.narrow(0, 0, taken), Labels.narrow(0, 0, taken), Classes);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
