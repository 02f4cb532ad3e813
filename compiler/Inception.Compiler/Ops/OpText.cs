using System.Globalization;
using System.Linq;
using Inception.Compiler.IR;

namespace Inception.Compiler.Ops;

/// <summary>How op details are written: the language's own spelling, culture-invariant.</summary>
internal static class OpText
{
    public static string Words(params string?[] parts) => string.Join(" ", parts.Where(p => !string.IsNullOrEmpty(p)));

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Decimal(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary><c>2</c> for a square pair, <c>1x3</c> otherwise.</summary>
    public static string Compact(Pair pair) => pair.IsSquare ? Invariant(pair.Height) : pair.ToString();
}
