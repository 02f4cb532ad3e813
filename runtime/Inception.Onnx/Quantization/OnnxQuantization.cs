using System;
using System.Collections.Generic;

namespace Inception.Onnx.Quantization;

/// <summary>How activation ranges are chosen from what calibration saw.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value of each tensor: nothing is clipped, but one outlier widens every step.</summary>
    MinMax,

    /// <summary>
    /// The 99.99th percentile of each tensor's magnitudes (ONNX Runtime's "Percentile" calibrator): the rare
    /// outliers are clipped, and the other values get finer steps.
    /// </summary>
    Percentile,
}

/// <summary>
/// Static post-training quantization to int8 in the QDQ format ONNX Runtime fuses into integer kernels
/// (QLinearConv, QGemm): weights int8, symmetric, per output channel for convolutions; activations uint8 per
/// tensor, their ranges from running the fp32 network on calibration images.
/// </summary>
/// <param name="Calibration">
/// Batches of calibration images, each N x C x H x W values laid out as the network's input, prepared as the
/// network will see them in serving (normalized, resized).
/// </param>
/// <param name="Description">What the images are, for the model's metadata (<c>fashion-mnist train, first 256</c>).</param>
/// <param name="Method">How ranges are taken from what the images produce.</param>
public sealed record OnnxQuantization(IReadOnlyList<CalibrationBatch> Calibration, string Description, CalibrationMethod Method = CalibrationMethod.Percentile)
{
    /// <summary>The percentile of magnitudes <see cref="CalibrationMethod.Percentile"/> keeps.</summary>
    public const double Percentile = 99.99;

    /// <summary>How many images calibration runs on in all.</summary>
    public int Images
    {
        get
        {
            var count = 0;
            foreach (var batch in Calibration)
            {
                count += batch.Count;
            }

            return count;
        }
    }
}

/// <summary><paramref name="Count"/> images of the network's input shape, row after row.</summary>
public sealed record CalibrationBatch(float[] Values, int Count)
{
    public CalibrationBatch Validate(int channels, int height, int width)
    {
        if (Count < 1 || Values.Length != (long)Count * channels * height * width)
        {
            throw new ArgumentException($"a calibration batch of {Count} images of {channels}x{height}x{width} needs {(long)Count * channels * height * width} values, not {Values.Length}");
        }

        return this;
    }
}
