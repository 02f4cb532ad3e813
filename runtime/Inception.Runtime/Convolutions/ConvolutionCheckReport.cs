using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Inception.Runtime.Convolutions;

/// <summary>A configuration the self-check tried and turned down, with the first probe it got wrong.</summary>
public sealed record ConvolutionRejection(string Configuration, ProbeResult Failure);

/// <summary>What the convolution self-check chose for this process, and why.</summary>
/// <param name="Engine">The engine convolutions now run on.</param>
/// <param name="Configuration">Its description, with the oneDNN instruction-set cap where one is set.</param>
/// <param name="Verified">Whether it matched float64 on every probe (false only when forced, or when nothing passed).</param>
/// <param name="ShapesChecked">How many probe shapes each configuration ran, forward and backward.</param>
/// <param name="Rejected">The configurations that were wrong, in the order tried (the chosen one too when not verified).</param>
/// <param name="Elapsed">How long the whole check took.</param>
public sealed record ConvolutionCheckReport(
    ConvolutionEngine Engine,
    string Configuration,
    bool Verified,
    int ShapesChecked,
    IReadOnlyList<ConvolutionRejection> Rejected,
    TimeSpan Elapsed)
{
    /// <summary>One line for a log: the choice, then why.</summary>
    public override string ToString()
    {
        var milliseconds = Elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
        var why = Verified
            ? $"matches float64 on {ShapesChecked} probe convolutions, forward and backward ({milliseconds} ms)"
            : $"NOT verified: it differs from float64 ({milliseconds} ms)";
        var rejected = Rejected.Count == 0
            ? string.Empty
            : "; rejected " + string.Join("; ", Rejected.Select(r => $"{r.Configuration}, wrong on this CPU: {r.Failure}"));
        return $"convolutions: {Configuration}, {why}{rejected}";
    }
}
