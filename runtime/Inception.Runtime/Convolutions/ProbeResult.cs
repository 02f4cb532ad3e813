namespace Inception.Runtime.Convolutions;

/// <summary>
/// How far one probe convolution is from float64: the largest absolute difference over the largest reference
/// magnitude, for the output and for both gradients (infinite where any value is NaN or infinite).
/// </summary>
public sealed record ProbeResult(ProbeShape Shape, double ForwardError, double InputGradientError, double WeightGradientError)
{
    /// <summary>
    /// The largest relative error a correct float32 convolution shows here is about 1e-6 (a sum of at most 1,000
    /// products); the faults seen are 0.045 and above, or NaN. 1e-4 leaves room for oneDNN's legitimate
    /// algorithms (Winograd) and none for a fault.
    /// </summary>
    public const double Tolerance = 1e-4;

    /// <summary>Whether the output and both gradients are within <see cref="Tolerance"/>.</summary>
    public bool Passed => ForwardError <= Tolerance && InputGradientError <= Tolerance && WeightGradientError <= Tolerance;

    /// <inheritdoc />
    public override string ToString()
    {
        var (what, error) = ForwardError > Tolerance || double.IsInfinity(ForwardError)
            ? ("forward", ForwardError)
            : InputGradientError >= WeightGradientError ? ("input gradient", InputGradientError) : ("weight gradient", WeightGradientError);
        return double.IsPositiveInfinity(error)
            ? $"{Shape} {what}: NaN or infinite values"
            : $"{Shape} {what}: relative error {error.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
