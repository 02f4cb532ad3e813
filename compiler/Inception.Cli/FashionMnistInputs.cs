using System.Globalization;
using Inception.Onnx.Quantization;
using Inception.Training.Data;
using static TorchSharp.torch;

namespace Inception.Cli;

/// <summary>
/// Fashion-MNIST images prepared for a network's input exactly as <c>incept train</c> and <c>eval</c> prepare
/// them: scaled to [0, 1], standardized with the statistics of the training images (all of them, or the first
/// N with --subset), grey repeated to the network's channels, resized (bilinear) to its side.
/// </summary>
internal sealed class FashionMnistInputs : IDisposable
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

    public Normalization Normalization { get; }

    public ImageDataset Test => _test;

    /// <summary>The data set, or null with the message written, when it is not installed in <paramref name="directory"/>.</summary>
    public static FashionMnistInputs? Load(string? directory, int? subset, int channels, int size, TextWriter error)
    {
        directory ??= FashionMnist.DebianDirectory;
        if (!FashionMnist.IsInstalled(directory))
        {
            error.WriteLine($"incept: Fashion-MNIST not found in {directory}; install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass --data-dir");
            return null;
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
    public IReadOnlyList<CalibrationBatch> Calibration(int count) => Batches(_train, Math.Min(count, (int)_train.Count)).Select(b => new CalibrationBatch(b.Images, b.Count)).ToList();

    /// <summary>A data set's images, prepared, in batches of at most 64, with their labels.</summary>
    public IEnumerable<(float[] Images, long[] Labels, int Count)> Batches(ImageDataset data, int count)
    {
        for (var first = 0; first < count; first += BatchSize)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(BatchSize, count - first);
            var images = _pipeline.Prepare(data.Images.narrow(0, first, size), null, CPU);
            yield return (images.contiguous().data<float>().ToArray(), data.Labels.narrow(0, first, size).to(int64).data<long>().ToArray(), size);
        }
    }

    public void Dispose()
    {
        _train.Dispose();
        _test.Dispose();
    }
}
