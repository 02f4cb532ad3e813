using System;
using System.Runtime.InteropServices;

namespace Inception.Runtime.Convolutions;

/// <summary>
/// libtorch's process-wide switch for oneDNN (<c>at::globalContext().setUserEnabledMkldnn</c>, what Python's
/// <c>torch.backends.mkldnn.enabled</c> sets). TorchSharp 0.107 does not wrap it, so it is called by its exported
/// C++ name. Unlike <c>ONEDNN_MAX_CPU_ISA</c>, which oneDNN reads once at its first primitive, it can change at
/// any time, which is what lets the self-check try an engine and fall back within one process.
/// </summary>
internal static class LibTorchContext
{
    /// <summary>Whether this platform's libtorch exposes the switch (Itanium C++ names: Linux and macOS).</summary>
    public static bool CanSwitch => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && TryGet(out _);

    public static bool TryGet(out bool enabled)
    {
        try
        {
            enabled = UserEnabledMkldnn(GlobalContext());
            return true;
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            enabled = true;
            return false;
        }
    }

    /// <summary>Switches oneDNN on or off for the operators that would use it (convolutions above all).</summary>
    public static void SetOneDnn(bool enabled) => SetUserEnabledMkldnn(GlobalContext(), enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.I1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);
}
