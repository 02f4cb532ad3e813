using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Inception.Compiler.IO;

/// <summary>
/// Tells a named pipe, a device or a socket from a regular file before it is opened: opening a FIFO waits for a
/// writer (the compiler, the formatter and the language server would hang on an import of one), and a device
/// such as /dev/zero never ends. .NET reports them all as normal files, so on Unix this reads the mode's type
/// bits from the runtime's own native shim (<c>SystemNative_Stat</c>, which <c>FileInfo</c> itself calls).
/// </summary>
public static class SpecialFiles
{
    /// <summary>What <paramref name="path"/> is when it is not a regular file or a folder ("a named pipe (FIFO)"); null otherwise.</summary>
    public static string? Describe(string path)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return null;
        }

        try
        {
            // The shim's FileStatus starts { int Flags; int Mode; ... } on every platform; 256 bytes hold all of it.
            var status = new byte[256];
            if (Stat(Encoding.UTF8.GetBytes(path + "\0"), status) != 0)
            {
                return null;
            }

            return (BitConverter.ToInt32(status, 4) & 0xF000) switch
            {
                0x1000 => "a named pipe (FIFO)",
                0x2000 => "a character device",
                0x6000 => "a block device",
                0xC000 => "a socket",
                _ => null,
            };
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            // A host without .NET's Unix shim (Mono in an old IDE): the size limit still bounds a device.
            return null;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat(byte[] utf8Path, byte[] status);
}
