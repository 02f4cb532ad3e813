using System;
using System.IO;
using System.Text;

namespace Inception.Runtime.IO;

/// <summary>
/// Replaces a file only once its new content is complete: it is written to a temporary file in the same folder
/// (so the rename stays on one file system), flushed to disk, and renamed over the target. A full disk, a
/// read-only folder or a killed process leaves the old file as it was and no temporary file behind.
/// </summary>
public static class AtomicFile
{
    /// <summary>Calls <paramref name="writeTemporary"/> with a temporary path to fill, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> writeTemporary)
    {
        ArgumentNullException.ThrowIfNull(writeTemporary);
        var full = Path.GetFullPath(path);
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
    /// The folder <paramref name="path"/> would be written into; a caller with slow work before the write
    /// (building a network) calls it first, to fail before that work.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist; the message names the file and the folder.</exception>
    public static string RequireFolder(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Directory.Exists(folder)
            ? folder
            : throw new DirectoryNotFoundException($"Cannot write '{path}': the folder '{folder}' does not exist.");
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, temporary => File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, temporary => File.WriteAllBytes(temporary, bytes));
}
