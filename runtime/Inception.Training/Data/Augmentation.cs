using System;
using static TorchSharp.torch;

namespace Inception.Training.Data;

/// <summary>
/// Simple augmentation applied to whole batches with tensor operations: a random crop of the
/// zero-padded image (a random shift of up to <see cref="CropPadding"/> pixels each way) and a
/// random horizontal flip. Every random draw comes from the generator passed in, so a batch's
/// augmentation is fixed by its seed.
/// </summary>
/// <param name="CropPadding">Zero padding on each side before cropping back to the original size; 0 turns cropping off.</param>
/// <param name="HorizontalFlip">Whether to mirror each image with probability 1/2.</param>
public sealed record Augmentation(int CropPadding, bool HorizontalFlip)
{
    /// <summary>No augmentation.</summary>
    public static Augmentation None { get; } = new(0, false);

    /// <summary>Shifts of up to 2 pixels and flips: mild enough for 28 x 28 images.</summary>
    public static Augmentation Standard { get; } = new(2, true);

    /// <summary>Augments <paramref name="images"/> (N x C x H x W, any dtype) into a new tensor of the same shape.</summary>
    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var result = CropPadding > 0 ? RandomCrop(images, CropPadding, generator) : images.clone();
        if (HorizontalFlip)
        {
            result = RandomHorizontalFlip(result, generator);
        }

        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Pads each image with <paramref name="padding"/> zeros per side and crops a random window of the original size.</summary>
    public static Tensor RandomCrop(Tensor images, int padding, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        using var scope = NewDisposeScope();
        var (count, channels, height, width) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var padded = nn.functional.pad(images, [padding, padding, padding, padding]);
        var top = randint(0, (2 * padding) + 1, [count], int64, images.device, generator: generator);
        var left = randint(0, (2 * padding) + 1, [count], int64, images.device, generator: generator);

        // Two gathers pick each image's own window: rows first, then columns of those rows.
        var rows = (top.unsqueeze(1) + arange(height, device: images.device)).view(count, 1, height, 1);
        var band = padded.gather(2, rows.expand(count, channels, height, width + (2 * padding)));
        var columns = (left.unsqueeze(1) + arange(width, device: images.device)).view(count, 1, 1, width);
        return band.gather(3, columns.expand(count, channels, height, width)).MoveToOuterDisposeScope();
    }

    /// <summary>Mirrors each image left to right with probability 1/2.</summary>
    public static Tensor RandomHorizontalFlip(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var flip = rand([images.shape[0]], device: images.device, generator: generator).lt(0.5).view(-1, 1, 1, 1);
        return where(flip, images.flip(3), images).MoveToOuterDisposeScope();
    }
}
