using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inception.Runtime.Weights;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inception.Training;

/// <summary>
/// A training checkpoint file: a header, the metadata as JSON, the model's state_dict and the
/// weight average (both in TorchSharp's format), then TorchSharp's optimiser state. Written to a
/// temporary file and renamed, so an interrupted save leaves the previous checkpoint intact.
/// </summary>
internal static class TrainingCheckpoint
{
    private const string Header = "Inception.Training checkpoint 1";

    // A diverged run has NaN losses, and its checkpoint must still be written.
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Save(
        string path,
        CheckpointMetadata metadata,
        nn.Module model,
        IReadOnlyDictionary<string, Tensor>? average,
        OptimizerHelper optimizer)
    {
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(Header);
            writer.Write(JsonSerializer.Serialize(metadata, Json));
            TorchSharpStateDict.Write(writer, model.state_dict());
            if (average is not null)
            {
                TorchSharpStateDict.Write(writer, average);
            }

            optimizer.save_state_dict(writer);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Reads a checkpoint up to the optimiser state, which TorchSharp can only read straight into
    /// an optimiser: the caller continues with <paramref name="reader"/> and owns the tensors.
    /// </summary>
    public static (CheckpointMetadata Metadata, Dictionary<string, Tensor> Model, Dictionary<string, Tensor>? Average) ReadUpToOptimizer(
        BinaryReader reader,
        string path)
    {
        string header;
        try
        {
            header = reader.ReadString();
        }
        catch (Exception error) when (error is EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"'{path}' is not a training checkpoint.", error);
        }

        if (header != Header)
        {
            throw new InvalidDataException($"'{path}' is not a training checkpoint (or one of another version): it starts with '{header}'.");
        }

        var metadata = JsonSerializer.Deserialize<CheckpointMetadata>(reader.ReadString(), Json)
            ?? throw new InvalidDataException($"'{path}' has no checkpoint metadata.");
        var model = TorchSharpStateDict.Read(reader);
        var average = metadata.EmaUpdates is null ? null : TorchSharpStateDict.Read(reader);
        return (metadata, model, average);
    }
}
