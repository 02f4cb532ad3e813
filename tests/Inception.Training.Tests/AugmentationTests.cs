using Inception.Training.Data;

namespace Inception.Training.Tests;

public sealed class AugmentationTests
{
    [Fact]
    public void Augmentation_keeps_the_batch_shape_and_type()
    {
        using var images = Images(16);
        using var generator = new Generator(1);

        using var augmented = Augmentation.Standard.Apply(images, generator);

        Assert.Equal(images.shape, augmented.shape);
        Assert.Equal(uint8, augmented.dtype);
    }

    [Fact]
    public void The_same_seed_gives_the_same_batch_and_another_seed_another()
    {
        using var images = Images(16);

        using var first = Augment(images, 42);
        using var again = Augment(images, 42);
        using var other = Augment(images, 43);

        Assert.True(first.Equals(again));
        Assert.False(first.Equals(other));
    }

    [Fact]
    public void Each_crop_is_a_window_of_the_zero_padded_image()
    {
        const int padding = 2;
        using var images = Images(12);
        using var generator = new Generator(5);

        using var cropped = Augmentation.RandomCrop(images, padding, generator);

        using var padded = nn.functional.pad(images, [padding, padding, padding, padding]);
        var offsets = new HashSet<(long, long)>();
        for (long n = 0; n < images.shape[0]; n++)
        {
            var window = WindowOffset(padded[n], cropped[n], padding);
            Assert.True(window.HasValue, $"image {n} is not a window of its padded original");
            offsets.Add(window.Value);
        }

        Assert.True(offsets.Count > 1, "every image got the same shift");
    }

    [Fact]
    public void Flipping_mirrors_some_images_and_leaves_the_others()
    {
        using var images = Images(32);
        using var generator = new Generator(9);

        using var flipped = Augmentation.RandomHorizontalFlip(images, generator);

        var mirrored = 0;
        for (long n = 0; n < images.shape[0]; n++)
        {
            using var mirror = images[n].flip(2);
            var isMirror = flipped[n].Equals(mirror);
            Assert.True(isMirror || flipped[n].Equals(images[n]));
            mirrored += isMirror ? 1 : 0;
        }

        Assert.InRange(mirrored, 1, 31);
    }

    [Fact]
    public void The_pipeline_scales_standardizes_and_adapts_channels_and_size()
    {
        using var images = full([2, 1, 4, 4], 255, dtype: uint8);
        var pipeline = new InputPipeline(new Normalization([0.5], [0.25]), Augmentation.None, Channels: 3, Size: 8);

        using var input = pipeline.Prepare(images, null, CPU);

        Assert.Equal(new long[] { 2, 3, 8, 8 }, input.shape);
        Assert.Equal(float32, input.dtype);
        Assert.True(input.eq(2.0f).all().item<bool>(), "(1 − 0.5) / 0.25 = 2 everywhere");
    }

    [Fact]
    public void Normalization_of_a_data_set_is_its_pixel_mean_and_std()
    {
        // Half the pixels 0, half 255: mean 0.5, std 0.5 once scaled to [0, 1].
        using var images = cat([zeros([2, 1, 2, 2], uint8), full([2, 1, 2, 2], 255, dtype: uint8)], 0);
        using var dataset = new ImageDataset(images.clone(), zeros([4], int64), 2);

        var normalization = Normalization.Of(dataset);

        Assert.Equal(0.5, normalization.Mean[0], 12);
        Assert.Equal(0.5, normalization.Std[0], 12);
    }

    private static Tensor Images(int count)
    {
        using var generator = new Generator(123);
        return randint(0, 256, [count, 1, 6, 6], uint8, generator: generator);
    }

    private static Tensor Augment(Tensor images, ulong seed)
    {
        using var generator = new Generator(seed);
        return Augmentation.Standard.Apply(images, generator);
    }

    private static (long Top, long Left)? WindowOffset(Tensor padded, Tensor crop, int padding)
    {
        for (long top = 0; top <= 2 * padding; top++)
        {
            for (long left = 0; left <= 2 * padding; left++)
            {
                using var window = padded.narrow(1, top, crop.shape[1]).narrow(2, left, crop.shape[2]);
                if (window.Equals(crop))
                {
                    return (top, left);
                }
            }
        }

        return null;
    }
}
