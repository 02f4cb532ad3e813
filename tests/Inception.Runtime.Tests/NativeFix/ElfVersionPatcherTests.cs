using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Inception.Runtime.Build;
using Xunit;

namespace Inception.Runtime.Tests.NativeFix;

public sealed class ElfVersionPatcherTests
{
    private const string Version = GlibcxxRequirementFix.Version;

    [Fact]
    public void The_package_library_requires_the_version_strongly()
    {
        var elf = File.ReadAllBytes(PristineLibTorchSharp.Path);

        Assert.Equal(0, FlagsOf(elf));
    }

    [Fact]
    public void Marking_weak_sets_the_weak_flag_and_changes_no_other_byte()
    {
        using var directory = new TemporaryDirectory();
        var library = PristineLibTorchSharp.CopyTo(directory.Path);
        var before = File.ReadAllBytes(library);

        var outcome = ElfVersionPatcher.MarkVersionWeak(library, Version);

        var after = File.ReadAllBytes(library);
        Assert.Equal(FixOutcome.Patched, outcome);
        Assert.Equal(ElfVersionPatcher.WeakFlag, FlagsOf(after));
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Equal([(int)FlagsOffset(before)], changed);
    }

    [Fact]
    public void Marking_weak_again_changes_nothing()
    {
        using var directory = new TemporaryDirectory();
        var library = PristineLibTorchSharp.CopyTo(directory.Path);
        ElfVersionPatcher.MarkVersionWeak(library, Version);
        var once = File.ReadAllBytes(library);
        var onceWritten = File.GetLastWriteTimeUtc(library);

        var outcome = ElfVersionPatcher.MarkVersionWeak(library, Version);

        Assert.Equal(FixOutcome.AlreadyWeak, outcome);
        Assert.Equal(once, File.ReadAllBytes(library));
        Assert.Equal(onceWritten, File.GetLastWriteTimeUtc(library));
    }

    [Fact]
    public void Patching_keeps_the_timestamp_so_incremental_builds_keep_the_patched_copy()
    {
        using var directory = new TemporaryDirectory();
        var library = PristineLibTorchSharp.CopyTo(directory.Path);
        var written = File.GetLastWriteTimeUtc(library);

        ElfVersionPatcher.MarkVersionWeak(library, Version);

        Assert.Equal(written, File.GetLastWriteTimeUtc(library));
    }

    [Theory]
    [InlineData(LinkKind.Symbolic)]
    [InlineData(LinkKind.Hard)]
    public void Patching_a_link_replaces_the_link_and_leaves_its_target_untouched(LinkKind kind)
    {
        using var directory = new TemporaryDirectory();
        var target = PristineLibTorchSharp.CopyTo(directory.Path);
        var link = directory.File("output-copy.so");
        CreateLink(kind, link, target);

        ElfVersionPatcher.MarkVersionWeak(link, Version);

        Assert.Equal(File.ReadAllBytes(PristineLibTorchSharp.Path), File.ReadAllBytes(target));
        Assert.Equal(ElfVersionPatcher.WeakFlag, FlagsOf(File.ReadAllBytes(link)));
    }

    [Fact]
    public void A_library_without_the_requirement_is_left_alone()
    {
        var elf = File.ReadAllBytes(PristineLibTorchSharp.Path);

        Assert.Null(ElfVersionPatcher.FindVersionNeedFlags(elf, "GLIBCXX_99.0"));
    }

    [Fact]
    public void A_file_that_is_not_elf_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.FindVersionNeedFlags(new byte[64], Version));
    }

    public enum LinkKind
    {
        Symbolic,
        Hard,
    }

    private static long FlagsOffset(byte[] elf) =>
        ElfVersionPatcher.FindVersionNeedFlags(elf, Version) ?? throw new Xunit.Sdk.XunitException($"{Version} is not required");

    private static int FlagsOf(byte[] elf)
    {
        var offset = FlagsOffset(elf);
        return elf[offset] | (elf[offset + 1] << 8);
    }

    private static void CreateLink(LinkKind kind, string link, string target)
    {
        if (kind == LinkKind.Symbolic)
        {
            File.CreateSymbolicLink(link, target);
        }
        else if (Posix.link(target, link) != 0)
        {
            throw new IOException($"link() failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static class Posix
    {
        // .NET has no API for hard links.
        [DllImport("libc", SetLastError = true)]
        public static extern int link(string existing, string created);
    }
}
