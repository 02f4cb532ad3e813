using System.Buffers.Binary;
using System.IO.Compression;

namespace Inception.Training.Tests;

/// <summary>Writes IDX files byte by byte, independently of the reader under test.</summary>
internal static class IdxFiles
{
    public static byte[] Encode(byte type, int[] dimensions, byte[] values)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)dimensions.Length };
        foreach (var size in dimensions)
        {
            var bigEndian = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(bigEndian, size);
            bytes.AddRange(bigEndian);
        }

        bytes.AddRange(values);
        return bytes.ToArray();
    }

    public static void Write(string path, int[] dimensions, byte[] values, bool gzip)
    {
        var bytes = Encode(0x08, dimensions, values);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }

        using var file = File.Create(path);
        using var compressed = new GZipStream(file, CompressionLevel.Fastest);
        compressed.Write(bytes);
    }
}
