using System.Globalization;

namespace Inception.Compiler.Text;

/// <summary>How counts read in every output (stats, diff, the generated code's comments, the editor): grouped digits, and MACs also in G or M for a glance.</summary>
public static class Numbers
{
    public static string Group(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Short(long value) => value switch
    {
        >= 1_000_000_000 => (value / 1e9).ToString("0.###", CultureInfo.InvariantCulture) + " G",
        >= 1_000_000 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + " M",
        >= 1_000 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + " k",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    public static string Percent(double? share) =>
        share is not { } value ? "-" : (100.0 * value).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Value(double value) =>
        value == System.Math.Floor(value) && System.Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
}
