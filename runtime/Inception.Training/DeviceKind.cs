using System;
using static TorchSharp.torch;

namespace Inception.Training;

/// <summary>Where training runs.</summary>
public enum DeviceKind
{
    /// <summary>CUDA when TorchSharp sees a GPU, otherwise the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>The first CUDA device; fails when there is none (as with the TorchSharp-cpu package).</summary>
    Cuda,
}

/// <summary>Resolves a <see cref="DeviceKind"/> to a TorchSharp device.</summary>
public static class DeviceKinds
{
    /// <summary>The device <paramref name="kind"/> stands for on this machine.</summary>
    public static Device Resolve(this DeviceKind kind) => kind switch
    {
        DeviceKind.Auto => cuda.is_available() ? CUDA : CPU,
        DeviceKind.Cpu => CPU,
        DeviceKind.Cuda => cuda.is_available()
            ? CUDA
            : throw new InvalidOperationException("CUDA was requested, but TorchSharp finds no CUDA device (the TorchSharp-cpu package has no CUDA support)."),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown device kind."),
    };
}
