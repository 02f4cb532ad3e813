using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Inception.Runtime.Weights;

/// <summary>
/// Loads and saves a model's state_dict by name, in the format the file's extension names:
/// <c>.pt</c>, <c>.pth</c> and <c>.bin</c> are pickled PyTorch state_dicts, <c>.safetensors</c> is
/// safetensors, anything else is TorchSharp's own format. A file that does not fit is rejected with
/// a <see cref="WeightMismatchException"/> before any weight changes.
/// </summary>
public static class WeightFiles
{
    /// <summary>The format a path's extension names.</summary>
    public static WeightFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".pt" or ".pth" or ".bin" => WeightFormat.PyTorch,
        ".safetensors" => WeightFormat.Safetensors,
        _ => WeightFormat.TorchSharp,
    };

    /// <summary>Writes <paramref name="model"/>'s state_dict to <paramref name="path"/> in the format its extension names.</summary>
    public static void Save(nn.Module model, string path) => Save(model, path, FormatOf(path));

    /// <summary>
    /// Writes <paramref name="model"/>'s state_dict to <paramref name="path"/> in <paramref name="format"/>,
    /// atomically: an earlier file there stays whole until the new one is complete.
    /// </summary>
    public static void Save(nn.Module model, string path, WeightFormat format)
    {
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown weight format.");
        }

        IO.AtomicFile.Write(path, temporary =>
        {
            switch (format)
            {
                case WeightFormat.PyTorch:
                    model.save_py(temporary);
                    break;
                case WeightFormat.Safetensors:
                    model.save_safetensors(temporary);
                    break;
                default:
                    model.save(temporary);
                    break;
            }
        });
    }

    /// <summary>Loads <paramref name="path"/>, in the format its extension names, into <paramref name="model"/> by name.</summary>
    /// <exception cref="WeightMismatchException">The file's keys or shapes differ from the model's; the model is unchanged.</exception>
    public static void Load(nn.Module model, string path) => Load(model, path, FormatOf(path));

    /// <summary>
    /// Loads <paramref name="path"/> by name; with <paramref name="convertDtypes"/>, an entry stored in another
    /// element type (f16, f64, an integer type) is converted instead of refused.
    /// </summary>
    /// <exception cref="WeightMismatchException">The file's keys, shapes or (unless converting) element types differ from the model's.</exception>
    public static void Load(nn.Module model, string path, bool convertDtypes) => Load(model, path, FormatOf(path), convertDtypes);

    /// <summary>Loads <paramref name="path"/>, stored in <paramref name="format"/>, into <paramref name="model"/> by name.</summary>
    /// <exception cref="WeightMismatchException">The file's keys or shapes differ from the model's; the model is unchanged.</exception>
    public static void Load(nn.Module model, string path, WeightFormat format, bool convertDtypes = false)
    {
        var weights = Read(path, format);
        try
        {
            LoadStateDict(model, weights, path, convertDtypes);
        }
        finally
        {
            foreach (var tensor in weights.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>Reads a weight file into a dictionary without touching any model; the caller owns the tensors.</summary>
    /// <exception cref="WeightFileException">The file is missing, a folder, empty, truncated or not in <paramref name="format"/>.</exception>
    public static Dictionary<string, Tensor> Read(string path, WeightFormat format)
    {
        if (Directory.Exists(path))
        {
            throw new WeightFileException($"Weight file '{path}' is a folder, not a file.");
        }

        if (!File.Exists(path))
        {
            throw new WeightFileException($"Weight file '{path}' does not exist.");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new WeightFileException($"Weight file '{path}' is empty (0 bytes); was it written completely?");
        }

        if (WeightFileContent.Mismatch(path, format) is { } mismatch)
        {
            throw new WeightFileException($"Weight file '{path}' is not a {Describe(format)}: {mismatch}.");
        }

        try
        {
            return ReadFormat(path, format);
        }
        catch (Exception exception) when (exception is not (WeightFileException or ArgumentOutOfRangeException { ParamName: "format" }))
        {
            // Whatever the reader of a damaged file throws (EndOfStreamException without a path, "Length of JSON
            // exceeded int.MaxValue", the zip reader's "End of Central Directory"), say which file and why.
            throw new WeightFileException(
                $"Weight file '{path}' ({new FileInfo(path).Length:N0} bytes) is not a readable {Describe(format)}: {Reason(exception, format)}",
                exception);
        }
    }

    private const string PickledModule =
        "it holds a whole pickled model (torch.save(model)), not a state_dict; save the weights with torch.save(model.state_dict(), path)";

    /// <summary>
    /// Whether a torch.save file holds a whole pickled model: its pickle names torch.nn.modules or the saving
    /// script's <c>__main__</c> classes, which a state_dict never does.
    /// </summary>
    private static bool IsPickledModule(string path) =>
        Pickle(path) is { } pickle && (pickle.Contains("torch.nn.modules", StringComparison.Ordinal) || pickle.Contains("__main__", StringComparison.Ordinal));

    /// <summary>
    /// The pickle of a torch.save zip as Latin-1 text, to look for the classes it names (a pickled module names
    /// torch.nn.modules or the saving script's <c>__main__</c>; a state_dict never does); null if it is not one.
    /// </summary>
    private static string? Pickle(string path)
    {
        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            var pickle = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl");
            if (pickle is null || pickle.Length > (64 << 20))
            {
                return null;
            }

            using var reader = new StreamReader(pickle.Open(), System.Text.Encoding.Latin1);
            return reader.ReadToEnd();
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Describe(WeightFormat format) => format switch
    {
        WeightFormat.PyTorch => "PyTorch state_dict (torch.save of model.state_dict(), .pt/.pth/.bin)",
        WeightFormat.Safetensors => "safetensors file",
        _ => "TorchSharp weight file (module.save)",
    };

    private static string Reason(Exception exception, WeightFormat format) => exception switch
    {
        EndOfStreamException => "it ends early (truncated?)",
        ArgumentException or System.Text.Json.JsonException when format == WeightFormat.Safetensors =>
            "it does not start with a safetensors header (a length and a JSON table; damaged, or another format?)",
        OutOfMemoryException or OverflowException => "its header announces more data than a file can hold (damaged, or another format?)",
        InvalidDataException when format == WeightFormat.PyTorch => exception.Message,
        // libtorch appends its native frames ("Exception raised from ... frame #0: ...") after the first line.
        _ => exception.Message.Split('\n')[0].Trim(),
    };

    private static Dictionary<string, Tensor> ReadFormat(string path, WeightFormat format)
    {
        switch (format)
        {
            case WeightFormat.PyTorch:
                if (IsPickledModule(path))
                {
                    throw new InvalidDataException(PickledModule);
                }

                return FromPickle(TorchSaveReader.Read(path), path);
            case WeightFormat.Safetensors:
                SafetensorsLayout.Check(path);
                return Safetensors.LoadStateDict(path);
            case WeightFormat.TorchSharp:
                using (var reader = new BinaryReader(File.OpenRead(path)))
                {
                    return TorchSharpStateDict.Read(reader);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown weight format.");
        }
    }

    /// <summary>
    /// Copies <paramref name="weights"/> into <paramref name="model"/>'s parameters and buffers by
    /// name after checking that keys and shapes match exactly, and element types too unless
    /// <paramref name="convertDtypes"/> (a bool tensor would otherwise load silently as 0 and 1).
    /// </summary>
    /// <param name="model">The module to fill.</param>
    /// <param name="weights">A complete state_dict for the module.</param>
    /// <param name="origin">Where the weights came from, for the error message.</param>
    /// <param name="convertDtypes">Convert entries stored in another element type instead of refusing them.</param>
    /// <exception cref="WeightMismatchException">Keys, shapes or element types differ; the model is unchanged.</exception>
    public static void LoadStateDict(nn.Module model, IReadOnlyDictionary<string, Tensor> weights, string origin, bool convertDtypes = false)
    {
        var target = model.state_dict();
        var mismatch = WeightMismatch.Between(target, weights, convertDtypes);
        if (!mismatch.IsEmpty)
        {
            throw new WeightMismatchException(origin, mismatch);
        }

        using var noGrad = no_grad();
        foreach (var (key, tensor) in target)
        {
            tensor.copy_(weights[key]);
        }
    }

    private static Dictionary<string, Tensor> FromPickle(IDictionary pickled, string path)
    {
        var weights = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in pickled)
        {
            if (entry.Key is not string key || entry.Value is not Tensor tensor)
            {
                foreach (var value in pickled.Values)
                {
                    (value as Tensor)?.Dispose();
                }

                throw new WeightFileException(
                    $"Weight file '{path}' is not a plain state_dict: entry '{entry.Key}' holds a {entry.Value?.GetType().Name ?? "null"}, not a tensor. " +
                    "Save model.state_dict() itself, not a dictionary that contains it.");
            }

            weights[key] = tensor;
        }

        return weights;
    }
}
