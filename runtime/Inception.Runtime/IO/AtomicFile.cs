using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Inception.Runtime.IO;

/// <summary>
/// Replaces a file only once its new content is complete: it is written to a temporary file in the same folder
/// (so the rename stays on one file system), flushed to disk, and renamed over the target. A full disk, a
/// read-only folder or a killed process leaves the old file as it was and no temporary file behind.
/// What the path is decides how: a symbolic link is followed and its target replaced (the link stays); a device
/// or a named pipe (<c>/dev/stdout</c>, a FIFO) has the complete content streamed into it, never replaced.
/// </summary>
public static class AtomicFile
{
    /// <summary>Calls <paramref name="writeTemporary"/> with a temporary path to fill, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> writeTemporary)
    {
        ArgumentNullException.ThrowIfNull(writeTemporary);
        var full = Resolve(path);
        if (FileKinds.Of(full) == FileKind.Special)
        {
            Stream(full, writeTemporary);
            return;
        }

        var folder = RequireFolder(path);
        var temporary = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            writeTemporary(temporary);
            using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite))
            {
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (IOException exception) when (exception.Message.Contains(temporary, StringComparison.Ordinal))
        {
            // The temporary name is ours, not the caller's: say which file could not be written.
            throw new IOException(exception.Message.Replace(temporary, full, StringComparison.Ordinal), exception);
        }
        catch (UnauthorizedAccessException exception) when (exception.Message.Contains(temporary, StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException(exception.Message.Replace(temporary, full, StringComparison.Ordinal), exception);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// Writes several files as one: every new content goes to its temporary file first, and no target is replaced
    /// until all of them are complete and none of the targets is a folder, so a failure leaves every file as it was
    /// (a command's outputs that belong together, such as a model and its trainer, are written both or neither).
    /// </summary>
    public static void WriteAllTexts(params (string Path, string Text)[] files)
    {
        var staged = new List<(string Temporary, string Target)>();
        try
        {
            foreach (var (path, text) in files)
            {
                var full = Resolve(path);
                if (Directory.Exists(full))
                {
                    throw new IOException($"'{path}' is a folder; nothing was written");
                }

                // A device or a pipe is never replaced, and streaming into it cannot be taken back: refused.
                if (FileKinds.Of(full) == FileKind.Special)
                {
                    throw new IOException($"'{path}' is a device or a pipe, not a file; nothing was written");
                }

                var folder = RequireFolder(path);
                var temporary = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
                staged.Add((temporary, full));
                File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                using var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite);
                stream.Flush(flushToDisk: true);
            }

            foreach (var (temporary, target) in staged)
            {
                File.Move(temporary, target, overwrite: true);
            }
        }
        finally
        {
            foreach (var (temporary, _) in staged.Where(s => File.Exists(s.Temporary)))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// The file a write to <paramref name="path"/> lands in: the path with its symbolic links followed while they
    /// lead somewhere (a link into <c>/proc/self/fd</c> that names a pipe stays as it is, to be opened).
    /// </summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        for (var hops = 0; hops < 40 && new FileInfo(full).LinkTarget is { } link; hops++)
        {
            // /proc/self/fd/N names an open descriptor (a pipe, a terminal): the kernel resolves it on open.
            if (full.StartsWith("/proc/", StringComparison.Ordinal))
            {
                break;
            }

            var target = Path.GetFullPath(link, Path.GetDirectoryName(full)!);
            if (!File.Exists(target) && !Directory.Exists(Path.GetDirectoryName(target)))
            {
                break;
            }

            full = target;
        }

        return full;
    }

    /// <summary>Whether two paths name the same file once links are followed (an output that would replace an input).</summary>
    public static bool SameFile(string first, string second) =>
        string.Equals(Resolve(first), Resolve(second), OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>
    /// The folder <paramref name="path"/> would be written into; a caller with slow work before the write
    /// (building a network) calls it first, to fail before that work.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist; the message names the file and the folder.</exception>
    /// <exception cref="IOException">The path is a symbolic link that cannot be written through.</exception>
    public static string RequireFolder(string path)
    {
        var full = Resolve(path);
        if (!full.StartsWith("/proc/", StringComparison.Ordinal) && new FileInfo(full).LinkTarget is { } link)
        {
            // A link that cannot be followed (its target's folder is gone, or links loop): writing would put a
            // regular file in the link's place. Refuse, and keep the link.
            throw new IOException($"Cannot write '{path}': it is a symbolic link to '{link}', which cannot be written through (its folder does not exist, or the links loop); the link is kept.");
        }

        var folder = Path.GetDirectoryName(full)!;
        return Directory.Exists(folder)
            ? folder
            : throw new DirectoryNotFoundException($"Cannot write '{path}': the folder '{folder}' does not exist.");
    }

    /// <summary>A device or a pipe: the content is made complete in a temporary file first, then copied in.</summary>
    private static void Stream(string target, Action<string> writeTemporary)
    {
        var temporary = Path.Combine(Path.GetTempPath(), "incept-" + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            writeTemporary(temporary);
            using var source = File.OpenRead(temporary);
            using var sink = FileKinds.OpenPipeForWriting(target) ?? new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            source.CopyTo(sink);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, temporary => File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, temporary => File.WriteAllBytes(temporary, bytes));
}
