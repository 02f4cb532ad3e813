using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using static TorchSharp.torch;

namespace Inception.Runtime.Convolutions;

/// <summary>
/// Makes sure this process's convolutions are right before it runs any. libtorch 2.10's oneDNN computes some
/// float32 convolutions wrong (or NaN) on some AVX-512 CPUs and not on others (docs/runtime.md lists what was
/// seen where), so instead of trusting the CPU's name the runtime runs the shapes that broke, forward and backward,
/// against float64 once per process and keeps the fastest configuration that gets all of them right: oneDNN as
/// the process has it (full instruction set, or capped by <c>ONEDNN_MAX_CPU_ISA</c> in a training process), else
/// libtorch's own convolutions with oneDNN switched off. The runtime's modules (<see cref="InceptionNetwork"/>,
/// <see cref="BasicConv2d"/>, <see cref="SeparableConv2d"/>) call <see cref="EnsureVerified"/> when constructed; a
/// program that runs convolutions through other modules calls it first.
/// </summary>
public static class ConvolutionSelfCheck
{
    /// <summary>
    /// Environment variable that overrides the choice: <c>auto</c> (the default), <c>onednn</c> or <c>native</c>.
    /// A forced configuration is still probed and reported, but used even when it is wrong.
    /// </summary>
    public const string Variable = "INCEPTION_CONVOLUTIONS";

    private const int ProbeSeed = 20261206;

    private static readonly Lazy<ConvolutionCheckReport> ProcessReport = new(RunForProcess, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the check has run in this process.</summary>
    public static bool HasRun => ProcessReport.IsValueCreated;

    /// <summary>Runs the check the first time, then returns its report.</summary>
    /// <exception cref="InvalidOperationException">No configuration computes the probes right, and none was forced.</exception>
    public static ConvolutionCheckReport EnsureVerified() => ProcessReport.Value;

    /// <summary>
    /// Tries <paramref name="candidates"/> in order (fastest first) and keeps the first that gets every one of
    /// <paramref name="shapes"/> right; when none does, the last one stays applied, the report says it is not
    /// verified and lists every candidate's failure.
    /// </summary>
    public static ConvolutionCheckReport Choose(IReadOnlyList<ConvolutionCandidate> candidates, IReadOnlyList<ProbeShape> shapes)
    {
        if (candidates is null || candidates.Count == 0)
        {
            throw new ArgumentException("The self-check needs at least one candidate.", nameof(candidates));
        }

        ArgumentNullException.ThrowIfNull(shapes);
        var clock = Stopwatch.StartNew();
        var rejected = new List<ConvolutionRejection>();
        foreach (var candidate in candidates)
        {
            candidate.Apply();
            using var generator = new Generator(ProbeSeed);
            var failure = shapes.Select(shape => ConvolutionProbe.Measure(shape, candidate.Convolve, generator)).FirstOrDefault(result => !result.Passed);
            if (failure is null)
            {
                return new ConvolutionCheckReport(candidate.Engine, candidate.Description, Verified: true, shapes.Count, rejected, clock.Elapsed);
            }

            rejected.Add(new ConvolutionRejection(candidate.Description, failure));
        }

        var last = candidates[candidates.Count - 1];
        return new ConvolutionCheckReport(last.Engine, last.Description, Verified: false, shapes.Count, rejected, clock.Elapsed);
    }

    /// <summary>
    /// Environment variable that makes the named configurations (<c>ALL</c> or an ISA cap such as <c>AVX2</c> for
    /// oneDNN, <c>native</c>), comma-separated, compute a 20-input-channel convolution 20% off, as the faulty CPUs
    /// do: the way to see the fallback work, in a test or a support session, on a CPU that has no fault.
    /// </summary>
    public const string SimulatedFaultVariable = "INCEPTION_CONVOLUTIONS_SIMULATE_FAULT";

    /// <summary>The configurations this process can switch between, fastest first, as <paramref name="choice"/> allows.</summary>
    internal static IReadOnlyList<ConvolutionCandidate> Candidates(string? choice, string? isaCap, bool canSwitch, string? simulatedFaults = null)
    {
        var faulty = (simulatedFaults ?? string.Empty).Split(',').Select(f => f.Trim()).Where(f => f.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var oneDnn = new ConvolutionCandidate(
            ConvolutionEngine.OneDnn,
            string.IsNullOrEmpty(isaCap) ? "oneDNN, full instruction set" : $"oneDNN, {OneDnn.Variable}={isaCap}",
            canSwitch ? () => Use(ConvolutionEngine.OneDnn) : () => { },
            faulty.Contains(string.IsNullOrEmpty(isaCap) ? "ALL" : isaCap!) ? SimulatedFault : ConvolutionProbe.LibTorch);
        var native = new ConvolutionCandidate(
            ConvolutionEngine.Native,
            "libtorch's native convolutions (oneDNN off)",
            () => Use(ConvolutionEngine.Native),
            faulty.Contains("native") ? SimulatedFault : ConvolutionProbe.LibTorch);
        return (choice ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "onednn" => new[] { oneDnn },
            "native" when canSwitch => new[] { native },
            "" or "auto" => canSwitch ? new[] { oneDnn, native } : new[] { oneDnn },
            _ => throw new InvalidOperationException(
                $"{Variable}='{choice}' is not a convolution engine: use auto, onednn or native{(canSwitch ? string.Empty : " (native needs libtorch's oneDNN switch, not found on this platform)")}."),
        };
    }

    /// <summary>Whether the user chose the engine (anything but <c>auto</c> in <see cref="Variable"/>).</summary>
    public static bool IsForced => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } choice && !string.Equals(choice.Trim(), "auto", StringComparison.OrdinalIgnoreCase);

    private static Tensor SimulatedFault(Tensor input, Tensor weight, long[] padding, long groups)
    {
        var output = ConvolutionProbe.LibTorch(input, weight, padding, groups);
        return input.shape[1] == 20 ? output * 1.2 : output;
    }

    /// <summary>Switches engines without a check: for benchmarks that compare them, and for the check itself.</summary>
    internal static void Use(ConvolutionEngine engine) => LibTorchContext.SetOneDnn(engine == ConvolutionEngine.OneDnn);

    private static ConvolutionCheckReport RunForProcess()
    {
        // Loads libtorch through TorchSharp before calling into it by name.
        InitializeDeviceType(TorchSharp.DeviceType.CPU);
        var candidates = Candidates(Environment.GetEnvironmentVariable(Variable), OneDnn.Current, LibTorchContext.CanSwitch, Environment.GetEnvironmentVariable(SimulatedFaultVariable));
        var report = Choose(candidates, ProbeShape.Defaults);
        if (!report.Verified && !IsForced)
        {
            throw new InvalidOperationException(
                $"{report} No configuration computes convolutions right on this CPU; set {Variable}=onednn or native to run anyway.");
        }

        if (!report.Verified || report.Rejected.Count > 0)
        {
            Trace.TraceWarning(report.ToString());
        }

        return report;
    }
}
