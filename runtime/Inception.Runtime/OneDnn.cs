using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Inception.Runtime;

/// <summary>
/// oneDNN's instruction-set cap. libtorch 2.10's oneDNN 3.7 computes wrong (sometimes NaN) input gradients for
/// convolutions whose output channels are not a multiple of 16 with its AVX-512 kernels on older AMD EPYC CPUs;
/// capping oneDNN at AVX2 gave gradients that match float64 there, and costs training nothing measurable on the
/// Intel Xeon where it was measured (docs/runtime.md), so processes that compute gradients start capped: <c>incept
/// train</c>, Inception.Training's <c>Trainer</c>, and a training program that calls <see cref="CapForTraining"/>.
/// Inference runs uncapped (the cap costs it about a fifth). Whatever the cap, the convolution self-check
/// (<see cref="Convolutions.ConvolutionSelfCheck"/>) verifies the result on the CPU at hand. oneDNN reads
/// ONEDNN_MAX_CPU_ISA from the native environment once, at its first convolution, so the call must come before the
/// process runs any.
/// </summary>
public static class OneDnn
{
    /// <summary>The environment variable oneDNN reads to limit the instruction sets it uses.</summary>
    public const string Variable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>
    /// Caps oneDNN at AVX2 on Linux machines with AVX-512, unless the variable is already set (a value the
    /// user chose is kept, which is also the way to opt out). Call it first thing in a process that trains.
    /// </summary>
    /// <returns>Whether this call set the cap.</returns>
    public static bool CapForTraining()
    {
        if (!ShouldCap(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), Avx512F.IsSupported, Current))
        {
            return false;
        }

        // libc's setenv: .NET's own environment block is invisible to native code.
        return SetEnvironment(Variable, "AVX2", overwrite: 0) == 0;
    }

    /// <summary>The variable as native code sees it.</summary>
    public static string? Current => RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? Marshal.PtrToStringAnsi(GetEnvironment(Variable)) : Environment.GetEnvironmentVariable(Variable);

    /// <summary>
    /// The next instruction set down from <paramref name="current"/> (unset meaning all of them), for a process that
    /// found oneDNN wrong at <paramref name="current"/> and wants the fastest one that is right: oneDNN reads the
    /// variable once, at its first primitive, so each step is a new process. Null below SSE4.1.
    /// </summary>
    public static string? LowerInstructionSet(string? current) => (current ?? string.Empty).Trim().ToUpperInvariant() switch
    {
        "" or "ALL" or "DEFAULT" => "AVX2",
        var isa when isa.StartsWith("AVX512", StringComparison.Ordinal) || isa.StartsWith("AVX10", StringComparison.Ordinal) => "AVX2",
        var isa when isa.StartsWith("AVX2", StringComparison.Ordinal) => "AVX",
        "AVX" => "SSE41",
        _ => null,
    };

    internal static bool ShouldCap(bool isLinux, bool hasAvx512, string? current) => isLinux && hasAvx512 && string.IsNullOrEmpty(current);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnvironment(string name);
}
