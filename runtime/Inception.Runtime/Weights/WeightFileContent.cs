using System;
using System.IO;
using System.Text;

namespace Inception.Runtime.Weights;

/// <summary>
/// What a weight file's first bytes say it is. The format comes from the extension, and a file of another kind
/// handed to that format's reader fails deep inside it (libtorch prints a page of native frames for an ONNX file
/// read as TorchSharp's format), so a file whose content names another kind is refused first, in one line that
/// says what it is.
/// </summary>
internal static class WeightFileContent
{
    /// <summary>Why <paramref name="path"/> cannot be read as <paramref name="expected"/>, from its content; null if it may be.</summary>
    public static string? Mismatch(string path, WeightFormat expected)
    {
        var head = new byte[16];
        int length;
        using (var stream = File.OpenRead(path))
        {
            length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var span = head.AsSpan(0, length);
        var kind = Kind(span, new FileInfo(path).Length);
        return kind switch
        {
            null => null,
            "zip" when expected == WeightFormat.PyTorch => null,
            "zip" => "it is a zip archive, as torch.save writes: name it .pt to read it as a PyTorch state_dict",
            "safetensors" when expected == WeightFormat.Safetensors => null,
            "safetensors" => "it is a safetensors file: name it .safetensors",
            "pickle" => "it is a bare Python pickle (torch.save before PyTorch 1.6, or pickle.dump), which is not read: save the state_dict again with torch.save(model.state_dict(), path) in PyTorch 1.6 or newer",
            _ => $"it is {kind}, not a weight file (weights are read from PyTorch state_dicts .pt/.pth/.bin, safetensors and TorchSharp files)",
        };
    }

    private static string? Kind(ReadOnlySpan<byte> head, long fileLength)
    {
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return "zip";
        }

        if (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5)
        {
            return "pickle";
        }

        if (head.StartsWith("\u0089PNG"u8))
        {
            return "a PNG image";
        }

        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return "a JPEG image";
        }

        if (head.StartsWith("\u0089HDF\r\n\u001a\n"u8))
        {
            return "an HDF5 file (Keras weights?)";
        }

        if (head.StartsWith("GGUF"u8))
        {
            return "a GGUF model";
        }

        if (head.Length >= 9 && head[8] == (byte)'{' && BitConverter.ToUInt64(head.Slice(0, 8)) is var header && header > 1 && header <= (ulong)fileLength - 8)
        {
            return "safetensors";
        }

        return IsOnnx(head) ? "an ONNX model" : null;
    }

    /// <summary>
    /// An ONNX ModelProto begins with field 1, ir_version (tag 0x08, a small varint), then another of its fields:
    /// opset_import, producer_name or version, domain, model_version, doc_string or graph.
    /// </summary>
    private static bool IsOnnx(ReadOnlySpan<byte> head)
    {
        if (head.Length < 3 || head[0] != 0x08 || head[1] is 0 or > 0x7F)
        {
            return false;
        }

        return head[2] is 0x12 or 0x1A or 0x22 or 0x28 or 0x32 or 0x3A or 0x42;
    }
}
