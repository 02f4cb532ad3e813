namespace Inception.Training;

/// <summary>What a derived seed drives; each gets its own stream so their draws are unrelated.</summary>
internal enum RandomStream
{
    Shuffle = 1,
    Augmentation = 2,
    Dropout = 3,
}

/// <summary>
/// Derives independent seeds for each (run seed, stream, epoch, batch), so any batch's shuffling,
/// augmentation and dropout can be reproduced without replaying the batches before it: that is
/// what lets a resumed run continue exactly like an uninterrupted one.
/// </summary>
internal static class Seeds
{
    public static long For(int seed, RandomStream stream, int epoch, int batch = 0)
    {
        var mixed = Mix((ulong)(uint)seed);
        mixed = Mix(mixed ^ (ulong)stream);
        mixed = Mix(mixed ^ (ulong)(uint)epoch);
        mixed = Mix(mixed ^ (ulong)(uint)batch);

        // TorchSharp takes signed seeds; keep them non-negative.
        return (long)(mixed >> 1);
    }

    // SplitMix64's finalizer: nearby inputs give unrelated outputs.
    private static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
