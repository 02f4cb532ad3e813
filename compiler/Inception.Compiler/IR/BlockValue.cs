using System.Globalization;

namespace Inception.Compiler.IR;

/// <summary>
/// The value of a block argument in one instance: a whole number (a width, a stride), a number (a residual
/// scale), a truth value (ReLU after the add or not) or a word (a pool kind).
/// </summary>
public sealed record BlockValue
{
    private BlockValue(object raw) => Raw = raw;

    /// <summary>A long, double, bool or string; equality is the boxed value's.</summary>
    public object Raw { get; }

    public static BlockValue Of(long value) => new(value);

    public static BlockValue Of(double value) => new(value);

    public static BlockValue Of(bool value) => new(value);

    public static BlockValue Word(string word) => new(word);

    public long? AsInteger => Raw is long value ? value : null;

    public double? AsNumber => Raw switch
    {
        long value => value,
        double value => value,
        _ => null,
    };

    public bool? AsBool => Raw is bool value ? value : null;

    public string? AsWord => Raw as string;

    /// <summary>As the language writes it: <c>32</c>, <c>0.17</c>, <c>true</c>, <c>max</c>.</summary>
    public override string ToString() => Raw switch
    {
        long value => value.ToString(CultureInfo.InvariantCulture),
        double value => value.ToString("R", CultureInfo.InvariantCulture),
        bool value => value ? "true" : "false",
        _ => (string)Raw,
    };
}
