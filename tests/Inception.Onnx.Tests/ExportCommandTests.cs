using Inception.Cli;
using Inception.Dynamic;
using Inception.Onnx;
using Inception.Runtime.Weights;
using Inception.Tests.Shared;

namespace Inception.Onnx.Tests;

/// <summary><c>incept export</c>: a weight file that fits is exported; one that does not is refused before anything is written.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("incept-export-").FullName;

    [Fact]
    public void ExportsTheWeightsOfAFileThatFits()
    {
        var model = Repository.Dsl("examples/mini_inception.incept");
        var weights = Path.Combine(_directory, "weights.pt");
        using (var network = NetworkBuilder.Compile(model))
        {
            WeightFiles.Save(network, weights);
        }

        foreach (var (flag, folded) in new[] { (Array.Empty<string>(), "true"), (new[] { "--no-fold-bn" }, "false") })
        {
            var target = Path.Combine(_directory, $"mini-{folded}.onnx");
            var (code, output, error) = Run(new[] { "export", model, "--weights", weights, "--output", target }.Concat(flag).ToArray());
            Assert.True(code == 0, error);
            Assert.Contains("wrote", output, StringComparison.Ordinal);
            using var served = new OnnxModel(target);
            Assert.Equal(folded, served.Metadata["batch_norm_folded"]);
            Assert.Equal(2 * 10, served.Run(new float[2 * 28 * 28], 2).Length);
        }
    }

    [Fact]
    public void AWeightFileForAnotherNetworkIsRefusedAndNothingIsWritten()
    {
        var weights = Path.Combine(_directory, "other.pt");
        using (var network = NetworkBuilder.Compile(Repository.Dsl("examples/mini_inception_resnet.incept")))
        {
            WeightFiles.Save(network, weights);
        }

        var target = Path.Combine(_directory, "mini.onnx");
        File.WriteAllText(target, "an older export that must survive");
        var (code, _, error) = Run("export", Repository.Dsl("examples/mini_inception.incept"), "--weights", weights, "--output", target);
        Assert.Equal(1, code);
        Assert.Contains("do not fit the model", error, StringComparison.Ordinal);
        Assert.Contains("stem.conv.weight", error, StringComparison.Ordinal);
        Assert.Equal("an older export that must survive", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(_directory, "*mini.onnx*"));
    }

    /// <summary>
    /// A --output in a folder that does not exist is reported before the network is built. A file that is
    /// not weights gets the weight file's own message. Neither leaves a file behind.
    /// </summary>
    [Fact]
    public void AMissingOutputFolderOrABrokenWeightFileIsOneClearLine()
    {
        var model = Repository.Dsl("examples/mini_inception.incept");
        var missing = Path.Combine(_directory, "no", "such");
        var (code, _, error) = Run("export", model, "--output", Path.Combine(missing, "mini.onnx"));
        Assert.Equal(1, code);
        Assert.Equal($"incept: Cannot write '{Path.Combine(missing, "mini.onnx")}': the folder '{missing}' does not exist.", error.Trim());

        var empty = Path.Combine(_directory, "empty.pt");
        File.WriteAllBytes(empty, []);
        (code, _, error) = Run("export", model, "--weights", empty, "--output", Path.Combine(_directory, "mini.onnx"));
        Assert.Equal(1, code);
        Assert.Equal($"incept: Weight file '{empty}' is empty (0 bytes); was it written completely?", error.Trim());
        Assert.Empty(Directory.GetFiles(_directory, "*.onnx*"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// --classes builds the network's IR and plan for that count: a width that count makes non-positive is the
    /// compiler's located INC0212 through the real process, exit 1 and no file, not a failure inside the export.
    /// </summary>
    [Fact]
    public void AClassCountThatBreaksAWidthIsALocatedErrorAndNothingIsWritten()
    {
        var model = Path.Combine(_directory, "widths.incept");
        File.WriteAllText(model, "network N {\n  input 3x8x8\n  classes 10\n  conv classes - 5 1x1\n  global_avgpool\n  linear classes\n}\n");
        var target = Path.Combine(_directory, "widths.onnx");
        var (code, output, error) = InceptProcess.Run(TimeSpan.FromMinutes(2), "export", model, "-o", target, "--classes", "3");
        Assert.True(code == 1, output + error);
        Assert.Contains($"N cannot be built with 3 classes: {model}(4,3): error INC0212: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));

        // With a count that fits, the same file exports, its conv 7 wide.
        (code, output, error) = InceptProcess.Run(TimeSpan.FromMinutes(2), "export", model, "-o", target, "--classes", "12");
        Assert.True(code == 0, output + error);
        using var served = new OnnxModel(target);
        Assert.Equal("12", served.Metadata["classes"]);
        Assert.Equal(((3 * 7) + 7 + (7 * 12) + 12).ToString(System.Globalization.CultureInfo.InvariantCulture), served.Metadata["parameters"]);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
