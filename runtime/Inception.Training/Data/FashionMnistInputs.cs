using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static TorchSharp.torch;

namespace Inception.Training.Data;

/// <summary>A batch of prepared images as plain arrays (N x C x H x W values, N labels), what ONNX Runtime takes.</summary>
/// <param name="Images">The prepared pixels.</param>
/// <param name="Labels">The classes.</param>
/// <param name="Count">N.</param>
public sealed record InputBatch(float[] Images, long[] Labels, int Count);

/// <summary>
/// Fashion-MNIST images prepared for a network's input exactly as <c>incept train</c> and <c>eval</c> prepare
/// them: scaled to [0, 1], standardized with the statistics of the training images (all of them, or the first
/// N with --subset), grey repeated to the network's channels, resized (bilinear) to its side. What <c>eval</c> (either
/// engine) and int8 calibration read.
/// </summary>
public sealed class FashionMnistInputs : IDisposable
{
    private const int BatchSize = 64;

    private readonly ImageDataset _train;
    private readonly ImageDataset _test;
    private readonly InputPipeline _pipeline;

    private FashionMnistInputs(ImageDataset train, ImageDataset test, Normalization normalization, int channels, int size)
    {
        _train = train;
        _test = test;
        Normalization = normalization;
        _pipeline = new InputPipeline(normalization, new Augmentation(0, false), channels, size);
    }

    /// <summary>The standardization: the statistics of the training images loaded.</summary>
    public Normalization Normalization { get; }

    /// <summary>The training images loaded (all, or the first N).</summary>
    public ImageDataset Train => _train;

    /// <summary>The test images loaded (all, or the first N/6).</summary>
    public ImageDataset Test => _test;

    /// <summary>
    /// Loads the data set from <paramref name="directory"/> (default: the Debian package's folder), the first
    /// <paramref name="subset"/> training images and a sixth as many test images when given, for a network whose
    /// input has <paramref name="channels"/> channels and side <paramref name="size"/>.
    /// </summary>
    /// <exception cref="System.IO.FileNotFoundException">The data set is not installed there (the message says how to install it).</exception>
    public static FashionMnistInputs Load(string? directory, int? subset, int channels, int size)
    {
        directory ??= FashionMnist.DebianDirectory;
        if (!FashionMnist.IsInstalled(directory))
        {
            throw new System.IO.FileNotFoundException(FashionMnist.NotInstalled(directory));
        }

        var train = FashionMnist.LoadTrain(directory);
        var test = FashionMnist.LoadTest(directory);
        if (subset is { } n)
        {
            var (smallTrain, smallTest) = (train.Subset(n), test.Subset(Math.Max(1, n / 6)));
            train.Dispose();
            test.Dispose();
            (train, test) = (smallTrain, smallTest);
        }

        return new FashionMnistInputs(train, test, Normalization.Of(train), channels, size);
    }

    /// <summary>The normalization in words, for an exported model's metadata.</summary>
    public string DescribeNormalization() => string.Format(
        CultureInfo.InvariantCulture,
        "(x / 255 - {0}) / {1}, statistics of {2:N0} Fashion-MNIST training images; grey repeated to the input's channels, resized bilinearly",
        string.Join(",", Normalization.Mean.Select(m => m.ToString("G6", CultureInfo.InvariantCulture))),
        string.Join(",", Normalization.Std.Select(s => s.ToString("G6", CultureInfo.InvariantCulture))),
        _train.Count);

    /// <summary>The first <paramref name="count"/> training images, prepared, in batches.</summary>
    public IReadOnlyList<InputBatch> Calibration(int count) => Batches(_train, Math.Min(count, (int)_train.Count)).ToList();

    /// <summary>A data set's first <paramref name="count"/> images, prepared, in batches of at most 64, with their labels.</summary>
    public IEnumerable<InputBatch> Batches(ImageDataset data, int count)
    {
        for (var first = 0; first < count; first += BatchSize)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(BatchSize, count - first);
            var images = _pipeline.Prepare(data.Images.narrow(0, first, size), null, CPU);
            yield return new InputBatch(images.contiguous().data<float>().ToArray(), data.Labels.narrow(0, first, size).to(int64).data<long>().ToArray(), size);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _train.Dispose();
        _test.Dispose();
    }
}
