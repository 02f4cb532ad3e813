using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Inception.Runtime;

/// <summary>
/// libtorch 2.10's oneDNN 3.7 computes wrong (sometimes NaN) input gradients for convolutions whose output
/// channels are not a multiple of 16 with its AVX-512 kernels; capping oneDNN at AVX2 gives gradients that
/// match float64. oneDNN reads ONEDNN_MAX_CPU_ISA from the native environment once, at its first use, so
/// the cap is set with libc's setenv (.NET's own environment block is invisible to native code) when this
/// assembly loads, which is before any model built on it runs a convolution. A value the user has set is
/// kept, which is also the way to opt out.
/// </summary>
internal static class OneDnnIsaWorkaround
{
    internal const string Variable = "ONEDNN_MAX_CPU_ISA";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Must run before the first convolution of any model, whoever creates it.")]
    internal static void Apply()
    {
        if (ShouldCap(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), Avx512F.IsSupported, Environment.GetEnvironmentVariable(Variable)))
        {
            _ = SetEnvironment(Variable, "AVX2", overwrite: 0);
        }
    }

    internal static bool ShouldCap(bool isLinux, bool hasAvx512, string? current) => isLinux && hasAvx512 && string.IsNullOrEmpty(current);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment(string name, string value, int overwrite);
}
