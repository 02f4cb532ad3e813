namespace Inception.Compiler.Analysis;

/// <summary>
/// Output sizes along one spatial axis, with PyTorch's rounding rules, in 64-bit arithmetic so that a huge
/// padding or input gives a value the caller can reject instead of a wrapped-around int.
/// </summary>
public static class ShapeRules
{
    public static long Conv(long size, long kernel, long stride, long padding) => FloorDivide(size + (2 * padding) - kernel, stride) + 1;

    /// <summary>
    /// Pooling; with ceil mode the last window may hang over the edge, but PyTorch drops a window that would
    /// start in the right padding.
    /// </summary>
    public static long Pool(long size, long kernel, long stride, long padding, bool ceilMode)
    {
        var span = size + (2 * padding) - kernel;
        if (span < 0)
        {
            return 0;
        }

        if (!ceilMode)
        {
            return (span / stride) + 1;
        }

        var output = ((span + stride - 1) / stride) + 1;
        if ((output - 1) * stride >= size + padding)
        {
            output--;
        }

        return output;
    }

    private static long FloorDivide(long value, long divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);
}
