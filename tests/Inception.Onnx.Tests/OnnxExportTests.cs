using Inception.Compiler;
using Inception.Dynamic;
using Inception.Onnx;
using Inception.Runtime;
using Inception.Tests.Shared;
using Inception.Training.Metrics;

namespace Inception.Onnx.Tests;

/// <summary>
/// Every .incept file of dsl/, and the construct file (which has every module of the catalogue), exports to
/// ONNX from .NET, and ONNX Runtime's outputs equal TorchSharp's eval outputs for the same weights, batch norms
/// folded or kept, at batch 1 and 8.
/// </summary>
public sealed class OnnxExportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("incept-onnx-").FullName;

    public static TheoryData<string, string?> Files()
    {
        var data = new TheoryData<string, string?>();
        foreach (var file in Directory.GetFiles(Repository.Path("dsl"), "*.incept").Concat(Directory.GetFiles(Repository.Path("dsl", "examples"), "*.incept")).OrderBy(f => f, StringComparer.Ordinal).Append(Repository.Path("tests", "Inception.Models.Tests", "Constructs", "constructs.incept")).Append(Repository.Path("tests", "Inception.Models.Tests", "Constructs", "hostile_names.incept")))
        {
            foreach (var network in Compilation.CompileFile(file).Networks)
            {
                data.Add(Path.GetRelativePath(Repository.Root, file), network.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void OnnxRuntimeGivesTorchSharpsOutputs(string file, string? network)
    {
        var compilation = Compilation.CompileFile(Repository.Path(file));

        // Seeded weights as well as inputs: an unlucky draw must not decide whether the engines agree.
        random.manual_seed(0);
        using var model = NetworkBuilder.Build(compilation, network);
        Informative(model);
        model.eval();
        foreach (var fold in new[] { true, false })
        {
            var path = Path.Combine(_directory, $"{model.Plan.Name}-{fold}.onnx");
            OnnxExport.Save(model, model.Plan, path, new OnnxExportOptions(fold));
            using var served = new OnnxModel(path);

            // The exporter counts what it wrote; the compiler counted the file: they agree on every network.
            Assert.Equal(model.Architecture.Macs.ToString(System.Globalization.CultureInfo.InvariantCulture), served.Metadata["macs"]);
            Assert.Equal((model.Architecture.Parameters - model.Architecture.AuxParameters).ToString(System.Globalization.CultureInfo.InvariantCulture), served.Metadata["parameters"]);
            foreach (var batch in new[] { 1, 8 })
            {
                random.manual_seed(batch);
                var (c, h, w) = served.InputShape;
                using var images = randn(batch, c, h, w);
                using var expected = Forward(model, images);
                var actual = served.Run(images.data<float>().ToArray(), batch);
                AssertClose(expected.data<float>().ToArray(), actual, $"{file} {network}, batch {batch}, folded {fold}");
            }
        }
    }

    [Fact]
    public void TheModelRecordsWhereItCameFrom()
    {
        var file = Repository.Dsl("examples/mini_inception.incept");
        using var model = NetworkBuilder.Compile(file);
        var path = Path.Combine(_directory, "mini.onnx");
        OnnxExport.Save(model, model.Plan, path, new OnnxExportOptions(SourcePath: file));
        using var served = new OnnxModel(path);
        Assert.Equal("MiniInception", served.Metadata["network"]);
        Assert.Equal("mini_inception.incept", served.Metadata["incept_file"]);
        Assert.Equal(model.Architecture.Macs.ToString(System.Globalization.CultureInfo.InvariantCulture), served.Metadata["macs"]);
        Assert.Equal(64, served.Metadata["incept_sha256"].Length);

        // A dynamic batch: the same session runs 3 and 5 images.
        Assert.Equal(3 * 10, served.Run(new float[3 * 28 * 28], 3).Length);
        Assert.Equal(5 * 10, served.Run(new float[5 * 28 * 28], 5).Length);
    }

    /// <summary>
    /// The one evaluation of <c>eval --onnx</c>, without the process: ONNX Runtime's logits scored by the trainer's
    /// tally, and the test-time flip that averages an image's logits with its mirror image's.
    /// </summary>
    [Fact]
    public void AnOnnxModelIsScoredByTheTrainersTallyWithOrWithoutTheFlip()
    {
        using var model = NetworkBuilder.Compile(Repository.Dsl("examples/mini_inception.incept"));
        var path = Path.Combine(_directory, "scored.onnx");
        OnnxExport.Save(model, model.Plan, path);
        using var served = new OnnxModel(path);
        var random = new Random(5);
        var asymmetric = Enumerable.Range(0, 4 * 28 * 28).Select(_ => (float)random.NextDouble()).ToArray();
        var symmetric = (float[])asymmetric.Clone();
        for (var row = 0; row < 4 * 28; row++)
        {
            for (var x = 0; x < 14; x++)
            {
                symmetric[(row * 28) + 27 - x] = symmetric[(row * 28) + x];
            }
        }

        var labels = new long[] { 0, 3, 7, 9 };
        Evaluation Score(float[] images, bool flip) =>
            OnnxEvaluation.Run(served, new[] { new Inception.Training.Data.InputBatch(images, labels, 4) }, classes: 10, width: 28, flip: flip);

        // The loss by hand from ONNX Runtime's own logits: the mean of log-sum-exp minus the label's logit.
        var logits = served.Run(asymmetric, 4);
        var loss = labels.Select((label, i) =>
        {
            var row = logits.Skip(i * 10).Take(10).Select(v => (double)v).ToArray();
            var max = row.Max();
            return max + Math.Log(row.Sum(v => Math.Exp(v - max))) - row[label];
        }).Average();
        var plain = Score(asymmetric, flip: false);
        Assert.Equal(4, plain.Images);
        Assert.Equal(loss, plain.Loss, 5);

        // A mirror-symmetric image is its own mirror image: the flip changes nothing; an asymmetric one it changes.
        Assert.Equal(Score(symmetric, flip: false).Loss, Score(symmetric, flip: true).Loss, 6);
        Assert.NotEqual(plain.Loss, Score(asymmetric, flip: true).Loss, 6);
    }

    /// <summary>Built with other classes than the file's, the metadata counts the exported network, not the file's.</summary>
    [Theory]
    [InlineData(null, 126L, 6920L)]
    [InlineData(4, 136L, 6928L)]
    public void TheMetadataCountsTheExportedNetwork(int? classes, long parameters, long macs)
    {
        // stem: 4x3x3x3 weights and a batch norm's 2x4; fc: classes x 4 + classes; the aux head is not exported.
        // MACs: the stem's 108 weights at 8x8 positions, and the fc's 4 x classes.
        const string text = "network Counted {\n  input 3x8x8\n  classes 2\n  stem = conv 4 3x3 pad=1 bn=true relu=true\n  aux = aux_head weight=0.3 { global_avgpool; fc = linear classes }\n  global_avgpool\n  fc = linear classes\n}\n";
        using var model = NetworkBuilder.Build(Compilation.Compile("/m/counted.incept", text, _ => null), classes: classes);
        var path = Path.Combine(_directory, $"counted-{classes}.onnx");
        OnnxExport.Save(model, model.Plan, path);
        using var served = new OnnxModel(path);
        Assert.Equal((classes ?? 2).ToString(System.Globalization.CultureInfo.InvariantCulture), served.Metadata["classes"]);
        Assert.Equal(parameters.ToString(System.Globalization.CultureInfo.InvariantCulture), served.Metadata["parameters"]);
        Assert.Equal(macs.ToString(System.Globalization.CultureInfo.InvariantCulture), served.Metadata["macs"]);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Batch-norm statistics and affine terms away from the identity, so folding errors show.</summary>
    internal static void Informative(nn.Module model)
    {
        BatchNormStatistics.Randomize(model);
        var variances = model.state_dict().Where(e => e.Key.EndsWith("running_var", StringComparison.Ordinal)).ToList();
        Assert.All(variances, e => Assert.False(e.Value.eq(1).all().item<bool>(), e.Key));
    }

    internal static Tensor Forward(nn.Module<Tensor, Tensor> model, Tensor images)
    {
        using var noGrad = no_grad();
        return model.call(images);
    }

    /// <summary>Within 1e-4 of the output's magnitude: two runtimes, other kernels and summation orders.</summary>
    internal static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(1e-3, expected.Max(Math.Abs));
        var difference = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(difference <= 1e-4 * scale, $"{what}: ONNX Runtime differs from TorchSharp by {difference} (largest output {scale})");
    }
}

/// <summary>Inference alone does not pay for the training-only oneDNN cap.</summary>
public sealed class InferenceProcessTests
{
    [Fact]
    public void LoadingTheRuntimeAndRunningANetworkLeavesOneDnnUncapped()
    {
        // This assembly never asks for the cap; if loading Inception.Runtime still set it, native code would see it.
        using var model = NetworkBuilder.Compile(Repository.Dsl("examples/mini_inception.incept"));
        model.eval();
        using (no_grad())
        {
            random.manual_seed(4);
            model.call(randn(1, 1, 28, 28)).Dispose();
        }

        Assert.Null(Environment.GetEnvironmentVariable(OneDnn.Variable));
        Assert.Null(OneDnn.Current);
    }
}
