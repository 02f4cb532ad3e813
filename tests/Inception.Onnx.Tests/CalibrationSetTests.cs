using Inception.Compiler.IR;
using Inception.Onnx.Quantization;

namespace Inception.Onnx.Tests;

/// <summary>The calibration images, chosen and prepared by the library (no process): Fashion-MNIST, a folder, or a clear refusal.</summary>
public sealed class CalibrationSetTests
{
    [Fact]
    public void FashionMnistGivesTheFirstTrainingImagesPreparedForTheInput()
    {
        var set = CalibrationSet.Load("fashion-mnist", null, 70, new Shape(3, 32, 32));

        // 70 images in batches of at most 64, each 3 x 32 x 32 values (grey repeated, resized).
        Assert.Equal(new[] { 64, 6 }, set.Batches.Select(b => b.Count));
        Assert.All(set.Batches, b => Assert.Equal(b.Count * 3 * 32 * 32, b.Values.Length));
        Assert.StartsWith("(x / 255 - 0.286", set.Normalization, StringComparison.Ordinal);
        Assert.StartsWith("70 Fashion-MNIST training images (the first)", set.Description, StringComparison.Ordinal);

        // Standardized with the training set's statistics: the values of 70 images are near mean 0, not in [0, 1].
        var values = set.Batches.SelectMany(b => b.Values).ToArray();
        Assert.InRange(values.Average(), -0.5, 0.5);
        Assert.True(values.Min() < -0.5, "standardized pixels go below zero");
    }

    [Theory]
    [InlineData("fashion-mnist", 1, 28, 14, "Fashion-MNIST images are square and the input is 1x28x14; calibration resizes to a square input only")]
    [InlineData("/no/such/folder", 3, 32, 32, "--calibrate takes fashion-mnist or a folder of images, and '/no/such/folder' is neither")]
    public void ASourceThatCannotServeIsRefusedWithTheReason(string data, int channels, int height, int width, string message)
    {
        var error = Assert.Throws<IOException>(() => CalibrationSet.Load(data, null, 8, new Shape(channels, height, width)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void AMissingDataSetSaysHowToInstallIt()
    {
        var folder = Directory.CreateTempSubdirectory("incept-no-data-").FullName;
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => CalibrationSet.Load("fashion-mnist", folder, 8, new Shape(1, 28, 28)));
            Assert.Equal($"Fashion-MNIST not found in {folder}; install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass --data-dir", error.Message);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}
