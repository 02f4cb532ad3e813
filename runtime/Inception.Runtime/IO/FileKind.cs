using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Inception.Runtime.IO;

/// <summary>What a path names once symbolic links are followed.</summary>
public enum FileKind
{
    /// <summary>Nothing there yet.</summary>
    Missing,

    /// <summary>A regular file: replaced atomically.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A device, a named pipe (FIFO) or a socket: written into, never replaced.</summary>
    Special,
}

/// <summary>
/// The kind of file a path names. .NET reports a device or a FIFO as a normal file, so on Unix this asks the
/// runtime's own native shim (<c>SystemNative_Stat</c>, what <c>FileInfo</c> uses) for the mode's type bits.
/// </summary>
public static class FileKinds
{
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;

    /// <summary>The kind of <paramref name="path"/>, symbolic links followed.</summary>
    public static FileKind Of(string path)
    {
        if (Directory.Exists(path))
        {
            return FileKind.Directory;
        }

        if (!File.Exists(path))
        {
            return FileKind.Missing;
        }

        if (OperatingSystem.IsWindows())
        {
            return FileKind.Regular;
        }

        try
        {
            // FileStatus begins { int Flags; int Mode; ... }; the buffer is larger than the struct on every platform.
            var status = new byte[256];
            if (Stat(path, status) != 0)
            {
                return FileKind.Regular;
            }

            var type = BitConverter.ToInt32(status, 4) & TypeMask;
            return type switch
            {
                RegularType => FileKind.Regular,
                DirectoryType => FileKind.Directory,
                _ => FileKind.Special,
            };
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            return FileKind.Regular;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
