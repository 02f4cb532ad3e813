using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SkiaSharp;

namespace Inception.Onnx.Quantization;

/// <summary>
/// Calibration images from a folder, prepared as torchvision prepares ImageNet images for its pretrained
/// models: every file of the folder (in name order) decoded as PNG or JPEG, resized to the network's input
/// (bilinear), scaled to [0, 1] and standardized per channel with ImageNet's mean and standard deviation.
/// </summary>
public static class ImageFolderCalibration
{
    private const int BatchSize = 16;

    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>The normalization in words, for the model's metadata.</summary>
    public const string Normalization = "RGB, resized bilinearly to the input, (x / 255 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225] (torchvision's ImageNet statistics)";

    /// <summary>The first <paramref name="count"/> images of <paramref name="folder"/>, prepared for a network's RGB input.</summary>
    /// <exception cref="IOException">The folder has no image, a file in it is not a PNG or JPEG image, or the network does not take RGB images.</exception>
    public static IReadOnlyList<CalibrationBatch> Load(string folder, int count, int channels, int height, int width)
    {
        if (channels != 3)
        {
            throw new IOException($"calibration images from a folder are prepared as RGB for a 3-channel input, and this network's input has {channels} channel(s); calibrate a 1-channel network with --calibrate fashion-mnist");
        }

        var files = Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new IOException($"the calibration folder '{folder}' has no images (PNG or JPEG files)");
        }

        var batches = new List<CalibrationBatch>();
        var plane = height * width;
        foreach (var chunk in files.Take(count).Chunk(BatchSize))
        {
            var values = new float[chunk.Length * 3 * plane];
            for (var image = 0; image < chunk.Length; image++)
            {
                using var decoded = Decode(chunk[image]);
                using var resized = decoded.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), SKFilterQuality.Medium)
                    ?? throw new IOException($"'{chunk[image]}' could not be resized to {width}x{height}");
                var pixels = resized.GetPixelSpan();
                var offset = image * 3 * plane;
                for (var i = 0; i < plane; i++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        values[offset + (c * plane) + i] = ((pixels[(i * 4) + c] / 255f) - Mean[c]) / Std[c];
                    }
                }
            }

            batches.Add(new CalibrationBatch(values, chunk.Length));
        }

        return batches;
    }

    /// <summary>What the batches hold, for the model's metadata and the command's summary.</summary>
    public static string Describe(IReadOnlyList<CalibrationBatch> batches, string folder) =>
        string.Format(CultureInfo.InvariantCulture, "{0} images of {1} (the first in name order), input {2}", batches.Sum(b => b.Count), folder, Normalization);

    /// <summary>
    /// The largest image calibration decodes: 64 megapixels (256 MB as RGBA), far above any photograph, checked
    /// against the size the file declares before a pixel is allocated (a 69-byte PNG can declare 65535x65535).
    /// </summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    private static SKBitmap Decode(string path)
    {
        using var stream = OpenImage(path);
        using var codec = SKCodec.Create(stream)
            ?? throw new IOException($"'{path}' is not a PNG or JPEG image; the calibration folder must hold images only");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg))
        {
            throw new IOException($"'{path}' is a {codec.EncodedFormat} image; calibration reads PNG and JPEG");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
        {
            throw new IOException(string.Format(
                CultureInfo.InvariantCulture,
                "'{0}' declares {1}x{2} pixels ({3:N0}), more than the {4:N0} a calibration image may have; is it damaged?",
                path,
                width,
                height,
                (long)width * height,
                MaxPixels));
        }

        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new IOException(result == SKCodecResult.IncompleteInput
                ? $"'{path}' is truncated: its pixel data ends before the {width}x{height} image it declares"
                : $"'{path}' could not be decoded ({result})");
        }

        return bitmap;
    }

    /// <summary>Opens a calibration file, saying what is wrong with it when it is not a readable regular file.</summary>
    private static FileStream OpenImage(string path)
    {
        var file = new FileInfo(path);
        if (file.LinkTarget is { } link)
        {
            FileSystemInfo? target;
            try
            {
                target = file.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (IOException)
            {
                throw new IOException($"'{path}' is a symbolic link that loops (it leads back to itself); the calibration folder must hold images only");
            }

            if (target is not { Exists: true })
            {
                throw new IOException($"'{path}' is a symbolic link to '{link}', which does not exist");
            }
        }

        if (Inception.Compiler.IO.SpecialFiles.Describe(path) is { } special)
        {
            throw new IOException($"'{path}' is {special}, not an image file; the calibration folder must hold images only");
        }

        if (!file.Exists && path.Contains('\uFFFD', StringComparison.Ordinal))
        {
            throw new IOException($"'{path}' has a name that is not valid UTF-8, so it cannot be opened by name; rename it");
        }

        try
        {
            return File.OpenRead(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw new IOException($"'{path}' cannot be read: permission denied");
        }
    }
}
