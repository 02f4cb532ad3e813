using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Inception.Runtime.Tests.NativeFix;

/// <summary>The NuGet cache's libLibTorchSharp.so, which the build copies and must never modify.</summary>
internal static class PristineLibTorchSharp
{
    public static string PackageRoot { get; } = typeof(PristineLibTorchSharp).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "NuGetPackageRoot")
        .Value ?? throw new InvalidOperationException("the test assembly lacks its NuGetPackageRoot metadata");

    public static string Path { get; } = System.IO.Path.Combine(
        PackageRoot, "torchsharp", TorchSharpVersion(), "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    /// <summary>Copies the library into <paramref name="directory"/>, where tests may change it.</summary>
    public static string CopyTo(string directory)
    {
        var copy = System.IO.Path.Combine(directory, "libLibTorchSharp.so");
        File.Copy(Path, copy);
        return copy;
    }

    // The package folder is named after the package version, which the assembly's version repeats.
    private static string TorchSharpVersion() =>
        typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3);
}
