using System;
using System.IO;
using System.Linq;
using Inception.Runtime.Build;
using Xunit;
using static TorchSharp.torch;

namespace Inception.Runtime.Tests.NativeFix;

/// <summary>
/// Proves the build step ran: without it, TorchSharp's native library fails to load on hosts
/// with an older libstdc++ (GLIBCXX_3.4.32 not found).
/// </summary>
public sealed class TorchSharpLoadTests
{
    [Fact]
    public void Tensor_math_runs_in_the_test_process()
    {
        using var sum = ones(2, 2).sum();

        Assert.Equal(4f, sum.item<float>());
    }

    [Fact]
    public void The_loaded_library_is_an_output_copy_patched_only_if_the_host_needs_it()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var warmUp = ones(1);
        var loaded = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last())
            .First(path => path.EndsWith("/libLibTorchSharp.so", StringComparison.Ordinal));

        var hostLibStdCxx = GlibcxxRequirementFix.FindHostLibStdCxx();
        var hostNeedsFix = hostLibStdCxx is not null && !GlibcxxRequirementFix.Provides(hostLibStdCxx);
        var elf = File.ReadAllBytes(loaded);
        var flags = elf[ElfVersionPatcher.FindVersionNeedFlags(elf, GlibcxxRequirementFix.Version)!.Value];
        Assert.StartsWith(AppContext.BaseDirectory, loaded, StringComparison.Ordinal);
        Assert.Equal(hostNeedsFix ? ElfVersionPatcher.WeakFlag : 0, flags);
    }
}
