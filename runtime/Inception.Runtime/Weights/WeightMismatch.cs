using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Inception.Runtime.Weights;

/// <summary>A state_dict entry whose shape differs between a model and a weight file.</summary>
/// <param name="Key">The state_dict key, e.g. <c>fc.weight</c>.</param>
/// <param name="Expected">The model's shape.</param>
/// <param name="Found">The file's shape.</param>
public sealed record ShapeMismatch(string Key, IReadOnlyList<long> Expected, IReadOnlyList<long> Found)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: expected {Format(Expected)}, found {Format(Found)}";

    private static string Format(IReadOnlyList<long> shape) => $"[{string.Join(", ", shape)}]";
}

/// <summary>A state_dict entry whose element type differs between a model and a weight file (a bool or f16 tensor where the model has f32).</summary>
/// <param name="Key">The state_dict key.</param>
/// <param name="Expected">The model's element type.</param>
/// <param name="Found">The file's element type.</param>
public sealed record DtypeMismatch(string Key, ScalarType Expected, ScalarType Found)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: expected {Expected}, found {Found}";
}

/// <summary>
/// Every way a set of weights fails to fit a model: keys the model has and the weights lack, keys
/// the weights have and the model lacks, and entries whose shapes differ.
/// </summary>
/// <param name="MissingKeys">In the model, not in the weights; sorted.</param>
/// <param name="UnexpectedKeys">In the weights, not in the model; sorted.</param>
/// <param name="ShapeMismatches">In both with different shapes; sorted by key.</param>
/// <param name="DtypeMismatches">In both with the same shape and different element types; sorted by key.</param>
public sealed record WeightMismatch(
    IReadOnlyList<string> MissingKeys,
    IReadOnlyList<string> UnexpectedKeys,
    IReadOnlyList<ShapeMismatch> ShapeMismatches,
    IReadOnlyList<DtypeMismatch> DtypeMismatches)
{
    /// <summary>Whether the weights fit the model exactly.</summary>
    public bool IsEmpty => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0 && ShapeMismatches.Count == 0 && DtypeMismatches.Count == 0;

    /// <summary>
    /// Compares a model's state_dict with a set of weights by key, shape and element type; with
    /// <paramref name="convertDtypes"/>, element types may differ (the values are converted on loading).
    /// </summary>
    public static WeightMismatch Between(
        IReadOnlyDictionary<string, Tensor> model,
        IReadOnlyDictionary<string, Tensor> weights,
        bool convertDtypes = false)
    {
        var missing = model.Keys.Where(key => !weights.ContainsKey(key)).Order(StringComparer.Ordinal).ToList();
        var unexpected = weights.Keys.Where(key => !model.ContainsKey(key)).Order(StringComparer.Ordinal).ToList();
        var shapes = model
            .Where(entry => weights.TryGetValue(entry.Key, out var found) && !entry.Value.shape.SequenceEqual(found.shape))
            .Select(entry => new ShapeMismatch(entry.Key, entry.Value.shape, weights[entry.Key].shape))
            .OrderBy(mismatch => mismatch.Key, StringComparer.Ordinal)
            .ToList();
        var dtypes = convertDtypes
            ? new List<DtypeMismatch>()
            : model
                .Where(entry => weights.TryGetValue(entry.Key, out var found) && entry.Value.shape.SequenceEqual(found.shape) && entry.Value.dtype != found.dtype)
                .Select(entry => new DtypeMismatch(entry.Key, entry.Value.dtype, weights[entry.Key].dtype))
                .OrderBy(mismatch => mismatch.Key, StringComparer.Ordinal)
                .ToList();
        return new WeightMismatch(missing, unexpected, shapes, dtypes);
    }
}
