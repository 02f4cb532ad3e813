using System.IO;
using System.Text;
using Inception.Runtime.Build;
using Xunit;

namespace Inception.Runtime.Tests.NativeFix;

public sealed class GlibcxxRequirementFixTests
{
    [Fact]
    public void On_a_host_whose_libstdcxx_has_the_version_nothing_is_patched()
    {
        using var directory = new TemporaryDirectory();
        var library = PristineLibTorchSharp.CopyTo(directory.Path);
        var hostLibStdCxx = FakeLibStdCxx(directory, "GLIBCXX_3.4.31", "GLIBCXX_3.4.32", "GLIBCXX_3.4.33");

        var outcome = GlibcxxRequirementFix.Apply(library, hostLibStdCxx);

        Assert.Equal(FixOutcome.HostProvidesVersion, outcome);
        Assert.Equal(File.ReadAllBytes(PristineLibTorchSharp.Path), File.ReadAllBytes(library));
    }

    [Fact]
    public void On_a_host_whose_libstdcxx_lacks_the_version_the_library_is_patched()
    {
        using var directory = new TemporaryDirectory();
        var library = PristineLibTorchSharp.CopyTo(directory.Path);
        var hostLibStdCxx = FakeLibStdCxx(directory, "GLIBCXX_3.4.29", "GLIBCXX_3.4.30");

        var outcome = GlibcxxRequirementFix.Apply(library, hostLibStdCxx);

        Assert.Equal(FixOutcome.Patched, outcome);
    }

    [Fact]
    public void A_longer_version_name_is_not_taken_for_the_version()
    {
        using var directory = new TemporaryDirectory();

        Assert.False(GlibcxxRequirementFix.Provides(FakeLibStdCxx(directory, "GLIBCXX_3.4.320")));
    }

    // Version names sit NUL-terminated in a real libstdc++'s dynamic string table.
    private static string FakeLibStdCxx(TemporaryDirectory directory, params string[] versions)
    {
        var path = directory.File("libstdc++.so.6");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("\x7f" + "ELF\0" + string.Join("\0", versions) + "\0"));
        return path;
    }
}
