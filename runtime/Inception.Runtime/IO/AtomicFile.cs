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
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            writeTemporary(temporary);
            using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite))
            {
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
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
