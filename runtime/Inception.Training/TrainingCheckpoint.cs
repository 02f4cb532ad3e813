using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inception.Runtime.Weights;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inception.Training;

/// <summary>
/// A training checkpoint file: a header, the SHA-256 and length of the content, then the content: the
/// metadata as JSON, the model's state_dict and the weight average (both in TorchSharp's format) and
/// TorchSharp's optimiser state. The checksum makes a damaged file an error instead of a silent resume
/// from garbage. Written to a temporary file and renamed, so an interrupted save leaves the previous
/// checkpoint intact.
/// </summary>
internal static class TrainingCheckpoint
{
    private const string Header = "Inception.Training checkpoint 2";

    // A diverged run has NaN losses, and its checkpoint must still be written. The JSON is never put in a web
    // page, so it keeps characters such as '+' readable rather than escaped (the run's settings are read by people).
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Save(
        string path,
        CheckpointMetadata metadata,
        nn.Module model,
        IReadOnlyDictionary<string, Tensor>? average,
        OptimizerHelper optimizer)
    {
        using var content = new MemoryStream();
        using (var writer = new BinaryWriter(content, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(JsonSerializer.Serialize(metadata, Json));
            TorchSharpStateDict.Write(writer, model.state_dict());
            if (average is not null)
            {
                TorchSharpStateDict.Write(writer, average);
            }

            optimizer.save_state_dict(writer);
        }

        var bytes = content.ToArray();
        var temporary = path + ".tmp";
        try
        {
            using (var writer = new BinaryWriter(File.Create(temporary)))
            {
                writer.Write(Header);
                writer.Write(SHA256.HashData(bytes));
                writer.Write((long)bytes.Length);
                writer.Write(bytes);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Opens a checkpoint, checks its checksum, and reads it up to the optimiser state, which TorchSharp
    /// can only read straight into an optimiser: the caller continues with the returned reader (and
    /// disposes it) and owns the tensors.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, or it is damaged.</exception>
    public static (CheckpointMetadata Metadata, Dictionary<string, Tensor> Model, Dictionary<string, Tensor>? Average, BinaryReader Remainder) Open(string path)
    {
        byte[] content;
        using (var file = new BinaryReader(File.OpenRead(path)))
        {
            try
            {
                var header = file.ReadString();
                if (header != Header)
                {
                    throw new InvalidDataException($"'{path}' is not a training checkpoint (or one of another version): it starts with '{Printable(header)}'.");
                }

                var hash = file.ReadBytes(32);
                var length = file.ReadInt64();
                if (length < 0 || length > file.BaseStream.Length - file.BaseStream.Position)
                {
                    throw new InvalidDataException($"'{path}' is damaged: it is shorter than the checkpoint it claims to hold.");
                }

                content = file.ReadBytes((int)length);
                if (!SHA256.HashData(content).AsSpan().SequenceEqual(hash))
                {
                    throw new InvalidDataException($"'{path}' is damaged: its content does not match its checksum; resume from another checkpoint or start again.");
                }
            }
            catch (Exception error) when (error is EndOfStreamException or IOException or OverflowException or FormatException or ArgumentOutOfRangeException)
            {
                throw new InvalidDataException($"'{path}' is not a training checkpoint.", error);
            }
        }

        var reader = new BinaryReader(new MemoryStream(content));
        try
        {
            var metadata = JsonSerializer.Deserialize<CheckpointMetadata>(reader.ReadString(), Json)
                ?? throw new InvalidDataException($"'{path}' has no checkpoint metadata.");
            var model = TorchSharpStateDict.Read(reader);
            var average = metadata.EmaUpdates is null ? null : TorchSharpStateDict.Read(reader);
            return (metadata, model, average, reader);
        }
        catch (JsonException error)
        {
            reader.Dispose();
            throw new InvalidDataException($"'{path}' has unreadable checkpoint metadata.", error);
        }
    }

    private static string Printable(string text) => new(text.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
