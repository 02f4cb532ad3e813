using System.Collections.Generic;
using System.IO;
using System.Linq;
using Inception.Compiler.IR;
using Inception.Training.Data;

namespace Inception.Onnx.Quantization;

/// <summary>
/// The images int8 calibration runs through the network, prepared as its inputs will be: the first training images
/// of Fashion-MNIST (standardized with the statistics of all 60,000, as <c>incept train</c> does), or the images of a
/// folder (torchvision's ImageNet preparation). Chosen here, not by the command, so it is tested without a process.
/// </summary>
/// <param name="Batches">The prepared images.</param>
/// <param name="Normalization">How inputs must be prepared to match, in words, for the model's metadata.</param>
/// <param name="Description">What the batches are, for the summary and the metadata.</param>
public sealed record CalibrationSet(IReadOnlyList<CalibrationBatch> Batches, string Normalization, string Description)
{
    /// <summary>The name that picks Fashion-MNIST rather than a folder.</summary>
    public const string FashionMnistName = "fashion-mnist";

    /// <summary>Up to <paramref name="images"/> calibration images from <paramref name="data"/>: <c>fashion-mnist</c> or a folder of PNG and JPEG files.</summary>
    /// <param name="data"><c>fashion-mnist</c>, or a folder.</param>
    /// <param name="dataDirectory">Where Fashion-MNIST is, when not in the Debian package's folder.</param>
    /// <param name="images">How many images at most.</param>
    /// <param name="input">The network's input shape (channels, height, width).</param>
    /// <exception cref="IOException">The source is neither, the data set is not installed, or a file cannot be used (the message says which and why).</exception>
    public static CalibrationSet Load(string data, string? dataDirectory, int images, Shape input)
    {
        if (data == FashionMnistName)
        {
            if (input.Height != input.Width)
            {
                throw new IOException($"Fashion-MNIST images are square and the input is {input}; calibration resizes to a square input only");
            }

            using var inputs = FashionMnistInputs.Load(dataDirectory, null, input.Channels, input.Height);
            var batches = inputs.Calibration(images).Select(b => new CalibrationBatch(b.Images, b.Count)).ToList();
            var normalization = inputs.DescribeNormalization();
            return new CalibrationSet(batches, normalization, $"{batches.Sum(b => b.Count)} Fashion-MNIST training images (the first), input {normalization}");
        }

        if (Directory.Exists(data))
        {
            var batches = ImageFolderCalibration.Load(data, images, input.Channels, input.Height, input.Width);
            return new CalibrationSet(batches, ImageFolderCalibration.Normalization, ImageFolderCalibration.Describe(batches, data));
        }

        throw new IOException($"--calibrate takes fashion-mnist or a folder of images, and '{data}' is neither");
    }
}
