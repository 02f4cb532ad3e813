using Inception.Runtime;
using TorchSharp.Modules;

namespace Inception.Training.Tests;

/// <summary>
/// The smallest network shaped like a generated one: a stem, one Inception module (1x1 and 3x3
/// branches concatenated), an auxiliary head with a loss weight, and a classifier on a pooled grid. Cheap enough
/// to train for a few epochs inside a unit test. Every width is a multiple of 16: oneDNN 3.7.1's
/// AVX-512 kernel (libtorch 2.10 on CPU) computes wrong input gradients, sometimes NaN, for
/// convolutions whose output channels are not, and the tests must not depend on that bug.
/// </summary>
internal sealed class TinyInception : InceptionNetwork
{
    public const double AuxLossWeight = 0.3;

    private readonly BasicConv2d stem;
    private readonly BasicConv2d branch1x1;
    private readonly BasicConv2d branch3x3;
    private readonly MaxPool2d pool;
    private readonly AdaptiveAvgPool2d grid;
    private readonly Linear AuxLogits;
    private readonly Linear fc;

    /// <summary>The one-channel network on <see cref="SyntheticImages"/> with the same initial weights every time (libtorch seeded with 5).</summary>
    public static TinyInception Seeded()
    {
        random.manual_seed(5);
        return new TinyInception(channels: 1, classes: SyntheticImages.Classes);
    }

    public TinyInception(int channels, int classes, bool auxLogits = true)
        : base(nameof(TinyInception), auxLogits)
    {
        stem = new BasicConv2d(channels, 16, (3, 3), padding: (1, 1));
        branch1x1 = new BasicConv2d(16, 16, (1, 1));
        branch3x3 = new BasicConv2d(16, 16, (3, 3), padding: (1, 1));
        pool = nn.MaxPool2d(2);
        grid = nn.AdaptiveAvgPool2d(4);
        AuxLogits = nn.Linear(16, classes);
        fc = nn.Linear(32 * 4 * 4, classes);
        RegisterComponents();
    }

    protected override Tensor ForwardCore(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = stem.call(input);
        if (ComputesAuxiliaryOutputs)
        {
            RecordAuxiliaryOutput("AuxLogits", AuxLossWeight, AuxLogits.call(x.mean([2, 3])).MoveToOuterDisposeScope());
        }

        x = cat([branch1x1.call(x), branch3x3.call(x)], 1);
        // A 4 x 4 grid rather than a global average keeps where things are, which shapes need.
        x = grid.call(pool.call(x)).flatten(1);
        return fc.call(x).MoveToOuterDisposeScope();
    }
}
