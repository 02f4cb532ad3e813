using System.Globalization;
using System.Text.RegularExpressions;
using Inception.Cli;
using Inception.Tests.Shared;
using Xunit.Abstractions;

namespace Inception.Onnx.Tests;

/// <summary>
/// <c>incept export --quantize int8</c> and <c>incept eval --onnx</c> through the real process: a network that
/// <c>incept train</c> trained on Fashion-MNIST, quantized with its training images as calibration, keeps its
/// top-1 on the 10,000 test images within half a point of fp32's; bad requests write nothing and keep what is there.
/// </summary>
public sealed partial class QuantizeCommandTests(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("incept-quantize-").FullName;

    [Fact]
    public void ATrainedNetworkQuantizedWithItsTrainingImagesKeepsItsAccuracy()
    {
        var source = Repository.Dsl("examples/mini_inception.incept");
        var run = Path.Combine(_directory, "run");
        var trained = InceptProcess.Run(Long, "train", source, "--data", "fashion-mnist", "--epochs", "2", "--seed", "3", "--out", run);
        Assert.True(trained.Code == 0, trained.Error);
        var weights = Path.Combine(run, "weights.pt");
        var fp32 = Path.Combine(_directory, "mini.onnx");
        var int8 = Path.Combine(_directory, "mini.int8.onnx");
        var exported = InceptProcess.Run(Long, "export", source, "--weights", weights, "-o", fp32);
        Assert.True(exported.Code == 0, exported.Error);
        var quantized = InceptProcess.Run(Long, "export", source, "--weights", weights, "-o", int8, "--quantize", "int8", "--calibrate", "fashion-mnist");
        Assert.True(quantized.Code == 0, quantized.Error);
        Assert.Matches(@"int8 \(QDQ\): 26 convolutions and Gemms with int8 weights; activations calibrated on 256 images \(99\.99th percentile\); [\d.]+ MB as fp32, [\d.]+ MB as int8", quantized.Output);
        Assert.True(new FileInfo(int8).Length * 2 < new FileInfo(fp32).Length, "the int8 file is not half the fp32 file's size");

        var fp32Top1 = Top1(InceptProcess.Run(Long, "eval", source, "--onnx", fp32, "--data", "fashion-mnist"), "fp32");
        var int8Top1 = Top1(InceptProcess.Run(Long, "eval", source, "--onnx", int8, "--data", "fashion-mnist"), "int8");
        var dotnetTop1 = Top1(InceptProcess.Run(Long, "eval", source, "--weights", weights, "--data", "fashion-mnist"), null);

        // The fp32 export computes what the .NET model computes; int8 stays within half a point of it.
        Assert.Equal(dotnetTop1, fp32Top1, 3);
        Assert.True(fp32Top1 > 0.8, $"training reached only {fp32Top1:P2}");
        Assert.True(Math.Abs(int8Top1 - fp32Top1) <= 0.005, $"int8 top-1 {int8Top1:P2} against fp32 {fp32Top1:P2}");

        using var reference = new OnnxModel(fp32);
        using var served = new OnnxModel(int8);
        Assert.Equal("256", served.Metadata["calibration_images"]);
        Assert.Equal("percentile 99.99", served.Metadata["calibration_method"]);
        Assert.StartsWith("(x / 255 - 0.286", served.Metadata["input_normalization"], StringComparison.Ordinal);
        using var data = Inception.Training.Data.FashionMnistInputs.Load(null, null, 1, 28);
        long agree = 0, images = 0;
        foreach (var (values, _, count) in data.Batches(data.Test, (int)data.Test.Count))
        {
            var (expected, actual) = (reference.Run(values, count), served.Run(values, count));
            for (var i = 0; i < count; i++)
            {
                agree += ArgMax(expected, i * 10) == ArgMax(actual, i * 10) ? 1 : 0;
            }

            images += count;
        }

        var agreement = (double)agree / images;
        log.WriteLine($"MiniInception, 2 epochs: top-1 .NET {dotnetTop1:P2}, fp32 ONNX {fp32Top1:P2}, int8 ONNX {int8Top1:P2}; int8 predicts fp32's class for {agreement:P2} of {images:N0} test images");
        Assert.True(agreement > 0.97, $"int8 agrees with fp32 on {agreement:P2} of the test images");
    }

    [Theory]
    [InlineData("--quantize int8", "--quantize int8 needs --calibrate")]
    [InlineData("--quantize int8 --calibrate fashion-mnist --calibration-images 0", "'--calibration-images' takes a whole number of 1 or more, not '0'")]
    [InlineData("--calibrate fashion-mnist", "--calibrate and --calibration-images only apply with --quantize int8")]
    [InlineData("--quantize int4 --calibrate fashion-mnist", "int4")]
    public void AnIncompleteRequestIsAUsageErrorAndKeepsTheExistingFile(string options, string message)
    {
        var target = Path.Combine(_directory, "model.onnx");
        File.WriteAllText(target, "the user's file");
        var result = InceptProcess.Run(Long, ["export", Repository.Dsl("examples/mini_inception.incept"), "-o", target, .. options.Split(' ')]);
        Assert.Equal(2, result.Code);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal("the user's file", File.ReadAllText(target));
    }

    [Fact]
    public void CalibrationDataThatIsNotThereFailsAndKeepsTheExistingFile()
    {
        var target = Path.Combine(_directory, "model.onnx");
        File.WriteAllText(target, "the user's file");
        var result = InceptProcess.Run(Long, "export", Repository.Dsl("examples/mini_inception.incept"), "-o", target, "--quantize", "int8", "--calibrate", "fashion-mnist", "--data-dir", Path.Combine(_directory, "nothing"));
        Assert.Equal(1, result.Code);
        Assert.Contains("Fashion-MNIST not found in", result.Error, StringComparison.Ordinal);
        Assert.Equal("the user's file", File.ReadAllText(target));
    }

    /// <summary>A folder of PNG and JPEG files of any size calibrates an RGB network; every conv is then an integer kernel.</summary>
    [Fact]
    public void AFolderOfImagesCalibratesAnRgbNetwork()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_directory, "images")).FullName;
        var random = new Random(5);
        for (var i = 0; i < 6; i++)
        {
            using var bitmap = new SkiaSharp.SKBitmap(40 + (i * 13), 70 - (i * 5));
            for (var y = 0; y < bitmap.Height; y++)
            {
                for (var x = 0; x < bitmap.Width; x++)
                {
                    bitmap.SetPixel(x, y, new SkiaSharp.SKColor((byte)random.Next(256), (byte)((x * 5) + i), (byte)(y * 3)));
                }
            }

            using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
            var format = i % 2 == 0 ? SkiaSharp.SKEncodedImageFormat.Png : SkiaSharp.SKEncodedImageFormat.Jpeg;
            using var encoded = image.Encode(format, 90);
            File.WriteAllBytes(Path.Combine(folder, $"image{i}.{(i % 2 == 0 ? "png" : "jpg")}"), encoded.ToArray());
        }

        var target = Path.Combine(_directory, "googlenet.int8.onnx");
        var result = InceptProcess.Run(Long, "export", Repository.Dsl("googlenet.incept"), "-o", target, "--quantize", "int8", "--calibrate", folder, "--calibration-images", "5");
        Assert.True(result.Code == 0, result.Error);
        Assert.Contains("activations calibrated on 5 images", result.Output, StringComparison.Ordinal);
        using var served = new OnnxModel(target);
        Assert.Equal("5", served.Metadata["calibration_images"]);
        Assert.Contains("torchvision's ImageNet statistics", served.Metadata["input_normalization"], StringComparison.Ordinal);
        Assert.Equal(57, OnnxKernels.IntegerConvolutions(OnnxKernels.Optimized(target)));
    }

    [Theory]
    [InlineData("empty", "googlenet.incept", "has no images (PNG or JPEG files)")]
    [InlineData("text", "googlenet.incept", "is not a PNG or JPEG image; the calibration folder must hold images only")]
    [InlineData("missing", "googlenet.incept", "--calibrate takes fashion-mnist or a folder of images")]
    [InlineData("image", "examples/mini_inception.incept", "this network's input has 1 channel(s); calibrate a 1-channel network with --calibrate fashion-mnist")]
    public void CalibrationImagesThatDoNotFitFailAndKeepTheExistingFile(string folder, string model, string message)
    {
        var path = Path.Combine(_directory, folder);
        if (folder != "missing")
        {
            Directory.CreateDirectory(path);
        }

        if (folder == "text")
        {
            File.WriteAllText(Path.Combine(path, "notes.txt"), "not an image");
        }
        else if (folder == "image")
        {
            using var bitmap = new SkiaSharp.SKBitmap(8, 8);
            using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
            using var encoded = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(path, "a.png"), encoded.ToArray());
        }

        var target = Path.Combine(_directory, "model.onnx");
        File.WriteAllText(target, "the user's file");
        var result = InceptProcess.Run(Long, "export", Repository.Dsl(model), "-o", target, "--quantize", "int8", "--calibrate", path);
        Assert.Equal(1, result.Code);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal("the user's file", File.ReadAllText(target));
    }

    [Theory]
    [InlineData("missing.onnx", "does not exist")]
    [InlineData("random.onnx", "is not an ONNX model ONNX Runtime can load")]
    [InlineData("", "give one of --weights (a weight file) or --onnx (an exported model)")]
    public void EvalOfAModelThatIsNotOneSaysSo(string model, string message)
    {
        var path = Path.Combine(_directory, model);
        if (model.StartsWith("random", StringComparison.Ordinal))
        {
            File.WriteAllBytes(path, Enumerable.Range(0, 3000).Select(i => (byte)(i * 37)).ToArray());
        }

        string[] args = model.Length == 0
            ? ["eval", Repository.Dsl("examples/mini_inception.incept"), "--data", "fashion-mnist"]
            : ["eval", Repository.Dsl("examples/mini_inception.incept"), "--onnx", path, "--data", "fashion-mnist"];
        var result = InceptProcess.Run(Long, args);
        Assert.True(result.Code is 1 or 2, $"exit {result.Code}: {result.Error}");
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int ArgMax(float[] logits, int start)
    {
        var best = start;
        for (var i = start + 1; i < start + 10; i++)
        {
            best = logits[i] > logits[best] ? i : best;
        }

        return best - start;
    }

    private static double Top1((int Code, string Output, string Error) result, string? kind)
    {
        Assert.True(result.Code == 0, result.Error);
        if (kind is not null)
        {
            Assert.Contains($"({kind} ONNX, ONNX Runtime) on 10,000 Fashion-MNIST test images", result.Output, StringComparison.Ordinal);
        }

        var match = Top1Pattern().Match(result.Output);
        Assert.True(match.Success, result.Output);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / 100;
    }

    [GeneratedRegex(@"top-1 ([\d.]+) %")]
    private static partial Regex Top1Pattern();
}
