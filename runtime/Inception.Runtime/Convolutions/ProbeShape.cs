namespace Inception.Runtime.Convolutions;

/// <summary>One convolution the self-check runs: a batch of two 14x14 maps, "same" padding.</summary>
/// <param name="InChannels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="KernelHeight">Kernel height.</param>
/// <param name="KernelWidth">Kernel width.</param>
/// <param name="Groups">1 for an ordinary convolution, the input channels for a depthwise one.</param>
public sealed record ProbeShape(int InChannels, int OutChannels, int KernelHeight, int KernelWidth, int Groups = 1)
{
    /// <summary>Height and width of the probe's input (GoogLeNet's 4b, where the fault was first seen, is 14x14).</summary>
    public const int Size = 14;

    /// <summary>
    /// The shapes that broke, and their neighbours. Found wrong with libtorch 2.10's oneDNN (docs/runtime.md):
    /// 3x3 and 5x5 kernels over 20, 24 or 40 input channels (forward and backward, AMD EPYC with VP2INTERSECT and
    /// BF16, also at the AVX2 cap for 20), input gradients for outputs that are not a multiple of 16 (older AMD EPYC),
    /// and 3x3 over 4 and 7 input channels (the 0.045 error of a grid-reduction test). The others are the layouts
    /// the family uses (1x7 factorized, depthwise 3x3, a 1x1 and a multiple of 16) so a new fault elsewhere shows.
    /// </summary>
    public static ProbeShape[] Defaults { get; } =
    {
        new(3, 8, 3, 3),
        new(4, 24, 3, 3),
        new(7, 8, 3, 3),
        new(16, 8, 3, 3),
        new(20, 64, 3, 3),
        new(24, 64, 3, 3),
        new(40, 24, 3, 3),
        new(20, 8, 5, 5),
        new(24, 64, 5, 5),
        new(40, 24, 5, 5),
        new(20, 24, 1, 7),
        new(24, 24, 3, 3, Groups: 24),
        new(20, 48, 1, 1),
        new(32, 32, 3, 3),
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"{InChannels}->{OutChannels} {KernelHeight}x{KernelWidth}{(Groups > 1 ? $" groups={Groups}" : string.Empty)}";
}
