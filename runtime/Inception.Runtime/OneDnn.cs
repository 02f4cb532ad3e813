using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Inception.Runtime;

/// <summary>
/// libtorch 2.10's oneDNN 3.7 computes wrong (sometimes NaN) input gradients for convolutions whose output
/// channels are not a multiple of 16 with its AVX-512 kernels; capping oneDNN at AVX2 gives gradients that
/// match float64. The cap costs inference about a third of its speed, so it is applied only where gradients
/// are computed: by <c>incept train</c>, by Inception.Training's <c>Trainer</c>, and by a training program
/// that calls <see cref="CapForTraining"/> itself. oneDNN reads ONEDNN_MAX_CPU_ISA from the native
/// environment once, at its first convolution, so the call must come before the process runs any.
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

    internal static bool ShouldCap(bool isLinux, bool hasAvx512, string? current) => isLinux && hasAvx512 && string.IsNullOrEmpty(current);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnvironment(string name);
}
