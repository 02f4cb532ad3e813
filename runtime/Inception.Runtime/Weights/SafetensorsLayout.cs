using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Inception.Runtime.Weights;

/// <summary>
/// Checks a safetensors file's header against the format's own rules before its tensors are read: the JSON
/// header fits the file, every tensor's <c>data_offsets</c> span exactly dtype size x its shape's elements, and
/// the spans, in order, tile the data buffer with no gap, no overlap and nothing after. A file that breaks one
/// (two tensors sharing bytes, a tensor past the end) would otherwise load as garbage.
/// </summary>
internal static class SafetensorsLayout
{
    private const long MaxHeader = 100L << 20;

    private static readonly Dictionary<string, int> DtypeSizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1,
        ["U8"] = 1,
        ["I8"] = 1,
        ["F8_E5M2"] = 1,
        ["F8_E4M3"] = 1,
        ["I16"] = 2,
        ["U16"] = 2,
        ["F16"] = 2,
        ["BF16"] = 2,
        ["I32"] = 4,
        ["U32"] = 4,
        ["F32"] = 4,
        ["I64"] = 8,
        ["U64"] = 8,
        ["F64"] = 8,
    };

    /// <exception cref="WeightFileException">The header breaks a rule; the message names the tensor and the rule.</exception>
    public static void Check(string path)
    {
        using var stream = File.OpenRead(path);
        var length = stream.Length;
        var prefix = new byte[8];
        if (length < 8 || stream.Read(prefix, 0, 8) != 8)
        {
            throw Fail(path, "it is shorter than the 8-byte header length");
        }

        var headerLength = BitConverter.ToInt64(prefix, 0);
        if (headerLength <= 0 || headerLength > MaxHeader || headerLength > length - 8)
        {
            throw Fail(path, $"its header length {headerLength:N0} does not fit the file of {length:N0} bytes");
        }

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataLength = length - 8 - headerLength;
        var spans = new List<(string Key, long Begin, long End)>();
        using (var document = JsonDocument.Parse(header))
        {
            foreach (var entry in document.RootElement.EnumerateObject().Where(e => e.Name != "__metadata__"))
            {
                var dtype = entry.Value.GetProperty("dtype").GetString() ?? string.Empty;
                var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToList();
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToList();
                if (offsets.Count != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                {
                    throw Fail(path, $"tensor '{entry.Name}' has data_offsets [{string.Join(", ", offsets)}] outside the {dataLength:N0} bytes of data");
                }

                if (!DtypeSizes.TryGetValue(dtype, out var size))
                {
                    throw Fail(path, $"tensor '{entry.Name}' has the unknown dtype '{dtype}'");
                }

                var elements = shape.Aggregate(1L, (a, d) => d < 0 ? -1 : checked(a * d));
                if (elements < 0 || offsets[1] - offsets[0] != checked(elements * size))
                {
                    throw Fail(path, $"tensor '{entry.Name}' ({dtype}, shape [{string.Join(", ", shape)}]) needs {Math.Max(elements, 0) * size:N0} bytes but its data_offsets span {offsets[1] - offsets[0]:N0}");
                }

                spans.Add((entry.Name, offsets[0], offsets[1]));
            }
        }

        var end = 0L;
        foreach (var span in spans.OrderBy(s => s.Begin).ThenBy(s => s.End))
        {
            if (span.Begin != end)
            {
                throw Fail(path, span.Begin < end
                    ? $"tensor '{span.Key}' overlaps the tensor before it (its data starts at byte {span.Begin:N0}, before {end:N0})"
                    : $"the data has a gap of {span.Begin - end:N0} bytes before tensor '{span.Key}'");
            }

            end = span.End;
        }

        if (end != dataLength)
        {
            throw Fail(path, $"the tensors cover {end:N0} of the {dataLength:N0} bytes of data");
        }
    }

    private static WeightFileException Fail(string path, string why) =>
        new($"Weight file '{path}' is not a readable safetensors file: {why}.");
}
