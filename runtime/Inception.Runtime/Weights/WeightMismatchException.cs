using System;
using System.Collections.Generic;
using System.Text;

namespace Inception.Runtime.Weights;

/// <summary>
/// Thrown when a weight file does not fit a model; the model is left unchanged. The message lists
/// every missing key, every unexpected key, every shape mismatch and every element type that differs,
/// so one run shows all of them.
/// </summary>
public sealed class WeightMismatchException : Exception
{
    /// <param name="source">Where the weights came from, for the message (usually a path).</param>
    /// <param name="mismatch">The differences found; must not be empty.</param>
    public WeightMismatchException(string source, WeightMismatch mismatch)
        : base(Describe(source, mismatch))
    {
        Origin = source;
        Mismatch = mismatch;
    }

    /// <summary>Where the weights came from.</summary>
    public string Origin { get; }

    /// <summary>The differences between the model and the weights.</summary>
    public WeightMismatch Mismatch { get; }

    private static string Describe(string source, WeightMismatch mismatch)
    {
        var message = new StringBuilder($"The weights in '{source}' do not fit the model; nothing was loaded.");
        AppendSection(message, "Missing keys (in the model, not in the file)", mismatch.MissingKeys);
        AppendSection(message, "Unexpected keys (in the file, not in the model)", mismatch.UnexpectedKeys);
        AppendSection(message, "Shape mismatches", mismatch.ShapeMismatches);
        AppendSection(message, "Element type mismatches (load with conversion allowed to convert them)", mismatch.DtypeMismatches);
        return message.ToString();
    }

    private static void AppendSection<T>(StringBuilder message, string title, IReadOnlyList<T> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        message.AppendLine().Append(title).Append(" (").Append(items.Count).Append("):");
        foreach (var item in items)
        {
            message.AppendLine().Append("  ").Append(item);
        }
    }
}
