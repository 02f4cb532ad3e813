namespace Inception.Compiler.Analysis;

/// <summary>Output sizes along one spatial axis, with PyTorch's rounding rules.</summary>
public static class ShapeRules
{
    public static int Conv(int size, int kernel, int stride, int padding) => ((size + (2 * padding) - kernel) / stride) + 1;

    /// <summary>
    /// Pooling; with ceil mode the last window may hang over the edge, but PyTorch drops a window that would
    /// start in the right padding.
    /// </summary>
    public static int Pool(int size, int kernel, int stride, int padding, bool ceilMode)
    {
        var span = size + (2 * padding) - kernel;
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
}
