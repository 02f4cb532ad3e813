using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace Inception.Training.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST: two zero bytes, a type code, the number
/// of dimensions, each dimension as a big-endian 32-bit integer, then the values. Files may be
/// gzip-compressed (Debian's dataset-fashion-mnist installs <c>*-ubyte.gz</c>); the gzip magic
/// number is detected, whatever the file is called.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads the IDX file at <paramref name="path"/>, compressed or not.</summary>
    public static IdxArray Read(string path)
    {
        using var file = File.OpenRead(path);
        try
        {
            return Read(file);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"{path}: {error.Message}", error);
        }
    }

    /// <summary>Reads an IDX array from a seekable <paramref name="stream"/>, compressed or not.</summary>
    public static IdxArray Read(Stream stream)
    {
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable: its first bytes tell whether it is compressed.", nameof(stream));
        }

        using var content = IsGzip(stream) ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : null;
        return ReadUncompressed(content ?? stream);
    }

    private static IdxArray ReadUncompressed(Stream content)
    {
        var header = ReadExactly(content, 4, "header");
        if (header[0] != 0 || header[1] != 0)
        {
            throw new InvalidDataException("Not an IDX file: it does not start with two zero bytes.");
        }

        if (header[2] != UnsignedByteType)
        {
            throw new InvalidDataException($"Unsupported IDX value type 0x{header[2]:X2}: only unsigned bytes (0x08) are read.");
        }

        var dimensions = new int[header[3]];
        long count = 1;
        var sizes = ReadExactly(content, 4 * dimensions.Length, "dimensions");
        for (var i = 0; i < dimensions.Length; i++)
        {
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * i));
            if (dimensions[i] < 0)
            {
                throw new InvalidDataException($"Dimension {i} is negative ({dimensions[i]}).");
            }

            count *= dimensions[i];
        }

        if (count > Array.MaxLength)
        {
            throw new InvalidDataException($"The array holds {count} values, more than one buffer can.");
        }

        return new IdxArray(dimensions, ReadExactly(content, (int)count, "values"));
    }

    private static bool IsGzip(Stream stream)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Seek(-read, SeekOrigin.Current);
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    private static byte[] ReadExactly(Stream stream, int length, string part)
    {
        var buffer = new byte[length];
        var read = stream.ReadAtLeast(buffer, length, throwOnEndOfStream: false);
        if (read < length)
        {
            throw new InvalidDataException($"The file ends inside its {part}: {read} of {length} bytes.");
        }

        return buffer;
    }
}
