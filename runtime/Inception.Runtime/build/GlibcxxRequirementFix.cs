// Compiled twice: by MSBuild's RoslynCodeTaskFactory at the consumer's build (which accepts one
// source file, hence the task and its logic share this file) and into the runtime tests. The
// factory compiles against netstandard2.0, so this file avoids Span and newer BCL APIs.
#nullable enable

using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;

namespace Inception.Runtime.Build;

/// <summary>
/// MSBuild task: makes the copies of TorchSharp's libLibTorchSharp.so in an output folder
/// loadable on hosts whose libstdc++ predates GCC 13 (Debian 12, Ubuntu 22.04).
/// </summary>
public sealed class WeakenGlibcxxRequirement : Microsoft.Build.Utilities.Task
{
    /// <summary>The copies of libLibTorchSharp.so to patch; never the NuGet cache's file.</summary>
    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    public override bool Execute()
    {
        var hostLibStdCxx = GlibcxxRequirementFix.FindHostLibStdCxx();
        if (hostLibStdCxx is null)
        {
            Log.LogMessage(MessageImportance.Low, "No system libstdc++.so.6 found; libLibTorchSharp.so left as is.");
            return true;
        }

        foreach (var library in Libraries)
        {
            try
            {
                var outcome = GlibcxxRequirementFix.Apply(library.ItemSpec, hostLibStdCxx);
                if (outcome == FixOutcome.Patched)
                {
                    Log.LogMessage(
                        MessageImportance.Low,
                        $"Marked {GlibcxxRequirementFix.Version} weak in {library.ItemSpec}: {hostLibStdCxx} lacks it.");
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
            {
                Log.LogError($"Cannot patch {library.ItemSpec} for this host's libstdc++: {e.Message}");
            }
        }

        return !Log.HasLoggedErrors;
    }
}

/// <summary>What <see cref="GlibcxxRequirementFix.Apply"/> did to a library.</summary>
public enum FixOutcome
{
    /// <summary>The host's libstdc++ has the version: the library loads unchanged.</summary>
    HostProvidesVersion,

    /// <summary>The library does not require the version (e.g. a TorchSharp built with an older GCC).</summary>
    NoSuchRequirement,

    /// <summary>An earlier build already patched this copy.</summary>
    AlreadyWeak,

    /// <summary>The requirement was marked weak.</summary>
    Patched,
}

/// <summary>
/// The decision: TorchSharp 0.107.0's libLibTorchSharp.so is built with GCC 13, which records a
/// need for GLIBCXX_3.4.32 only because of the marker symbol std::ios_base_library_init() that
/// nothing calls. A weak version need lets the dynamic loader accept an older libstdc++.
/// </summary>
public static class GlibcxxRequirementFix
{
    /// <summary>The libstdc++ symbol version that GCC 13 adds and older hosts lack.</summary>
    public const string Version = "GLIBCXX_3.4.32";

    /// <summary>Where x86-64 Linux distributions install libstdc++.so.6.</summary>
    public static readonly string[] LibStdCxxDirectories =
    {
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64",
    };

    /// <summary>The first libstdc++.so.6 in <see cref="LibStdCxxDirectories"/>, or null.</summary>
    public static string? FindHostLibStdCxx()
    {
        foreach (var directory in LibStdCxxDirectories)
        {
            var candidate = Path.Combine(directory, "libstdc++.so.6");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the libstdc++ at <paramref name="libStdCxxPath"/> defines <see cref="Version"/>;
    /// version names are NUL-terminated strings in its dynamic string table.
    /// </summary>
    public static bool Provides(string libStdCxxPath)
    {
        var needle = Encoding.ASCII.GetBytes(Version + "\0");
        return IndexOf(File.ReadAllBytes(libStdCxxPath), needle) >= 0;
    }

    /// <summary>Patches <paramref name="libraryPath"/> unless the host's libstdc++ provides the version.</summary>
    public static FixOutcome Apply(string libraryPath, string hostLibStdCxxPath)
    {
        if (Provides(hostLibStdCxxPath))
        {
            return FixOutcome.HostProvidesVersion;
        }

        return ElfVersionPatcher.MarkVersionWeak(libraryPath, Version);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var start = 0; start <= haystack.Length - needle.Length; start++)
        {
            var length = 0;
            while (length < needle.Length && haystack[start + length] == needle[length])
            {
                length++;
            }

            if (length == needle.Length)
            {
                return start;
            }
        }

        return -1;
    }
}

/// <summary>
/// Reads and edits the version needs (section .gnu.version_r) of an ELF64 little-endian shared
/// library, the only kind TorchSharp ships for linux-x64.
/// </summary>
public static class ElfVersionPatcher
{
    /// <summary>vna_flags bit that turns a missing version into a warning instead of a load failure.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint SectionTypeVerneed = 0x6ffffffe;

    /// <summary>
    /// Marks the version need named <paramref name="versionName"/> weak. Writes a new file and
    /// renames it over <paramref name="libraryPath"/>, so that a hard link or symlink into the
    /// NuGet cache is replaced rather than written through.
    /// </summary>
    public static FixOutcome MarkVersionWeak(string libraryPath, string versionName)
    {
        var elf = File.ReadAllBytes(libraryPath);
        var flagsOffset = FindVersionNeedFlags(elf, versionName);
        if (flagsOffset is null)
        {
            return FixOutcome.NoSuchRequirement;
        }

        var flags = ReadUInt16(elf, flagsOffset.Value);
        if ((flags & WeakFlag) != 0)
        {
            return FixOutcome.AlreadyWeak;
        }

        var patched = (ushort)(flags | WeakFlag);
        elf[flagsOffset.Value] = (byte)patched;
        elf[flagsOffset.Value + 1] = (byte)(patched >> 8);
        ReplaceFile(libraryPath, elf);
        return FixOutcome.Patched;
    }

    /// <summary>
    /// File offset of the vna_flags field of the Vernaux entry named <paramref name="versionName"/>,
    /// or null when the library has no such version need.
    /// </summary>
    public static long? FindVersionNeedFlags(byte[] elf, string versionName)
    {
        if (elf.Length < 0x40 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        }

        var sectionTable = ReadOffset(elf, 0x28);
        var sectionSize = ReadUInt16(elf, 0x3a);
        var sectionCount = ReadUInt16(elf, 0x3c);
        for (var index = 0; index < sectionCount; index++)
        {
            var section = sectionTable + ((long)index * sectionSize);
            if (ReadUInt32(elf, section + 0x04) != SectionTypeVerneed)
            {
                continue;
            }

            // For a verneed section, sh_link names its string table and sh_info counts its entries.
            var strings = ReadOffset(elf, sectionTable + ((long)ReadUInt32(elf, section + 0x28) * sectionSize) + 0x18);
            var found = FindInVerneedChain(elf, ReadOffset(elf, section + 0x18), ReadUInt32(elf, section + 0x2c), strings, versionName);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
    // vn_aux, vn_next and vna_next are byte offsets relative to the entry that holds them.
    private static long? FindInVerneedChain(byte[] elf, long need, uint needCount, long strings, string versionName)
    {
        for (var n = 0u; n < needCount; n++)
        {
            var auxCount = ReadUInt16(elf, need + 0x02);
            var aux = need + ReadUInt32(elf, need + 0x08);
            for (var a = 0; a < auxCount; a++)
            {
                if (ReadName(elf, strings + ReadUInt32(elf, aux + 0x08)) == versionName)
                {
                    return aux + 0x04;
                }

                aux += ReadUInt32(elf, aux + 0x0c);
            }

            need += ReadUInt32(elf, need + 0x0c);
        }

        return null;
    }

    private static void ReplaceFile(string path, byte[] contents)
    {
        var lastWrite = File.GetLastWriteTimeUtc(path);
        var temporary = path + ".weakening";
        File.WriteAllBytes(temporary, contents);

        // Same size and timestamp as the package's file: MSBuild's incremental copy then keeps
        // this patched copy instead of restoring the original at every build.
        File.SetLastWriteTimeUtc(temporary, lastWrite);
        File.Delete(path);
        File.Move(temporary, path);
    }

    private static string ReadName(byte[] elf, long offset)
    {
        var end = offset;
        while (end < elf.Length && elf[end] != 0)
        {
            end++;
        }

        Require(elf, end, 1);
        return Encoding.ASCII.GetString(elf, checked((int)offset), checked((int)(end - offset)));
    }

    private static ushort ReadUInt16(byte[] elf, long offset)
    {
        Require(elf, offset, 2);
        return (ushort)(elf[offset] | (elf[offset + 1] << 8));
    }

    private static uint ReadUInt32(byte[] elf, long offset)
    {
        Require(elf, offset, 4);
        return ReadUInt16(elf, offset) | ((uint)ReadUInt16(elf, offset + 2) << 16);
    }

    private static long ReadOffset(byte[] elf, long offset)
    {
        Require(elf, offset, 8);
        var value = ReadUInt32(elf, offset) | ((ulong)ReadUInt32(elf, offset + 4) << 32);
        if (value > (ulong)elf.Length)
        {
            throw new InvalidDataException($"offset 0x{value:x} at 0x{offset:x} lies outside the file");
        }

        return (long)value;
    }

    private static void Require(byte[] elf, long offset, int length)
    {
        if (offset < 0 || offset + length > elf.Length)
        {
            throw new InvalidDataException($"truncated ELF file: needs {length} bytes at 0x{offset:x}");
        }
    }
}
