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
    private const int FifoType = 0x1000;

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

        return TypeOf(path) switch
        {
            RegularType or null => FileKind.Regular,
            DirectoryType => FileKind.Directory,
            _ => FileKind.Special,
        };
    }

    /// <summary>The type bits of the path's mode, links followed; null where they cannot be read.</summary>
    private static int? TypeOf(string path)
    {
        try
        {
            // FileStatus begins { int Flags; int Mode; ... }; the buffer is larger than the struct on every platform.
            var status = new byte[256];
            return Stat(path, status) == 0 ? BitConverter.ToInt32(status, 4) & TypeMask : null;
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Opens a named pipe (FIFO) to write, without waiting for a reader: null when <paramref name="path"/> is not a
    /// pipe or this is not Linux (open it as usual then). A blocking open would wait forever when no process reads;
    /// a non-blocking one fails with ENXIO exactly then, and otherwise returns the descriptor to write through
    /// (closing a probe descriptor instead would give the reader its end of file).
    /// </summary>
    /// <exception cref="IOException">No process reads the pipe, or it cannot be opened.</exception>
    public static Stream? OpenPipeForWriting(string path)
    {
        if (!OperatingSystem.IsLinux() || TypeOf(path) != FifoType)
        {
            return null;
        }

        const int WriteOnlyNonBlocking = 0x1 | 0x800;
        const int NoSuchDeviceOrAddress = 6;
        var descriptor = Open(path, WriteOnlyNonBlocking);
        if (descriptor < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException(errno == NoSuchDeviceOrAddress
                ? $"Cannot write '{path}': it is a named pipe (FIFO) that no process is reading, and writing would wait for one forever; start the reader first."
                : $"Cannot write '{path}': opening the named pipe failed (errno {errno}).");
        }

        // Writes block again from here on, as a pipe's writer expects when the reader is slower.
        const int GetFlags = 3;
        const int SetFlags = 4;
        _ = Control(descriptor, SetFlags, Control(descriptor, GetFlags, 0) & ~0x800);
        return new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Write);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fcntl")]
    private static extern int Control(int descriptor, int command, int argument);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
