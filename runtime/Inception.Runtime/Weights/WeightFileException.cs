using System;
using System.IO;

namespace Inception.Runtime.Weights;

/// <summary>
/// A weight file that cannot be read at all: missing, a folder, empty, truncated, or not in the format its
/// extension names. The message names the file and what is wrong with it; the model is unchanged.
/// </summary>
public sealed class WeightFileException : IOException
{
    /// <param name="message">Names the file and what is wrong with it.</param>
    public WeightFileException(string message)
        : base(message)
    {
    }

    /// <param name="message">Names the file and what is wrong with it.</param>
    /// <param name="innerException">What the format's reader threw.</param>
    public WeightFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
