namespace Inception.Compiler.IR;

/// <summary>A tensor shape without the batch dimension: channels x height x width. Flat vectors are C x 1 x 1.</summary>
public readonly record struct Shape(int Channels, int Height, int Width)
{
    public long Elements => (long)Channels * Height * Width;

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
