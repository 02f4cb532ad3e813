using System.Globalization;

namespace Inception.Compiler.IR;

/// <summary>
/// A tensor shape without the batch dimension: a feature map C x H x W (rank 4 with the batch), or, once a
/// <c>linear</c> or <c>flatten</c> has run, a flat vector of F features (rank 2), kept as F x 1 x 1 with
/// <see cref="Flat"/> set. The rank is part of the shape: 8 features and an 8x1x1 map are different tensors,
/// since adding them broadcasts to N x 8 x N x 8 in every target.
/// </summary>
public readonly record struct Shape(int Channels, int Height, int Width)
{
    /// <summary>Whether this is a flat N x F tensor (<see cref="Channels"/> is F; height and width are 1).</summary>
    public bool Flat { get; init; }

    public long Elements => (long)Channels * Height * Width;

    /// <summary>A flat vector of <paramref name="features"/> features.</summary>
    public static Shape Features(int features) => new(features, 1, 1) { Flat = true };

    /// <summary><c>CxHxW</c> for a map, <c>F</c> for flat features (the batch dimension is left out, as everywhere).</summary>
    public override string ToString() => Flat
        ? Channels.ToString(CultureInfo.InvariantCulture)
        : string.Format(CultureInfo.InvariantCulture, "{0}x{1}x{2}", Channels, Height, Width);

    /// <summary>The shape in words for a message, where the rank matters: "a feature map of 8x1x1", "8 flat features".</summary>
    public string Described => Flat ? $"{this} flat features" : $"a feature map of {this}";
}
