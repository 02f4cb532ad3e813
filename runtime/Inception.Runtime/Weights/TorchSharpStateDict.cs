using System.Collections.Generic;
using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Inception.Runtime.Weights;

/// <summary>
/// Reads and writes state_dicts in TorchSharp's own format (what <c>Module.save</c> writes): an
/// entry count, then each key followed by its tensor. TorchSharp can only read this format
/// straight into a module, failing half-way on a mismatch; reading it into a dictionary first lets
/// a load be checked before anything changes.
/// </summary>
public static class TorchSharpStateDict
{
    /// <summary>Reads every entry; the caller owns the returned tensors.</summary>
    public static Dictionary<string, Tensor> Read(BinaryReader reader)
    {
        var count = ReadUnsignedLeb128(reader);
        var entries = new Dictionary<string, Tensor>();
        for (long i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            entries[key] = TensorExtensionMethods.Load(reader);
        }

        return entries;
    }

    /// <summary>Writes <paramref name="entries"/> so that <c>Module.load</c> or <see cref="Read"/> reads them back.</summary>
    public static void Write(BinaryWriter writer, IReadOnlyDictionary<string, Tensor> entries)
    {
        nn.Module.save_state_dict(writer, new Dictionary<string, Tensor>(entries));
    }

    // TorchSharp writes the count with its internal LEB128 encoder, which it does not expose for reading.
    private static long ReadUnsignedLeb128(BinaryReader reader)
    {
        long value = 0;
        var shift = 0;
        byte current;
        do
        {
            if (shift > 63)
            {
                throw new InvalidDataException("Not a TorchSharp state_dict: the entry count is malformed.");
            }

            current = reader.ReadByte();
            value |= (long)(current & 0x7F) << shift;
            shift += 7;
        }
        while ((current & 0x80) != 0);

        return value;
    }
}
