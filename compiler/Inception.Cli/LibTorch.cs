namespace Inception.Cli;

/// <summary>
/// Whether this build carries libtorch. The small tool package (Inception.Dsl.Tool, built with
/// InceptBundleLibTorch=false) leaves it out, so train, eval and export say what to install instead. Decided
/// at build time and before any TorchSharp call: TorchSharp's own fallback, when libtorch is missing, copies
/// 600 MB from the NuGet cache into the tool's folder and then fails with a page of trace.
/// </summary>
internal static class LibTorch
{
    public static bool Available(string command, TextWriter error)
    {
#if !INCEPT_NO_LIBTORCH
        return true;
#else
        error.WriteLine(
            $"incept: {command} needs libtorch's native libraries, which the package Inception.Dsl.Tool leaves out to stay small; " +
            "install Inception.Dsl.Tool.Full instead (dotnet tool uninstall Inception.Dsl.Tool && dotnet tool install Inception.Dsl.Tool.Full)");
        return false;
#endif
    }
}
