using Inception.Training.Data;

namespace Inception.Training.Tests;

/// <summary>
/// A learnable image set: each class is a fixed random pattern (the same for every set), each
/// image that pattern plus noise drawn from the set's seed.
/// </summary>
internal static class SyntheticImages
{
    public const int Classes = 4;
    public const int Size = 12;

    public static ImageDataset Create(int count, int seed)
    {
        using var patterns = new Generator(2024);
        using var templates = rand([Classes, 1, Size, Size], generator: patterns).mul(255);
        using var generator = new Generator((ulong)seed);
        var labels = randint(0, Classes, [count], int64, generator: generator);
        using var noise = randn([count, 1, Size, Size], generator: generator).mul(25);
        using var noisy = templates.index_select(0, labels).add(noise);
        return new ImageDataset(noisy.clamp(0, 255).to(uint8), labels, Classes);
    }
}
