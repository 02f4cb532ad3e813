namespace Inception.Compiler.IR;

/// <summary>A height x width pair: kernel sizes, strides, paddings.</summary>
public readonly record struct Pair(int Height, int Width)
{
    public static Pair Square(int size) => new(size, size);

    public bool IsSquare => Height == Width;

    public override string ToString() => $"{Height}x{Width}";
}
