using Inception.Models;
using Inception.Runtime.Weights;
using TorchSharp.PyBridge;

namespace Inception.Training.Tests;

public sealed class WeightFilesTests(InceptionV3Pair models) : IClassFixture<InceptionV3Pair>, IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Theory]
    [InlineData("weights.pt", WeightFormat.PyTorch)]
    [InlineData("weights.PTH", WeightFormat.PyTorch)]
    [InlineData("pytorch_model.bin", WeightFormat.PyTorch)]
    [InlineData("model.safetensors", WeightFormat.Safetensors)]
    [InlineData("model.dat", WeightFormat.TorchSharp)]
    [InlineData("checkpoint", WeightFormat.TorchSharp)]
    public void The_extension_chooses_the_format(string path, WeightFormat format) =>
        Assert.Equal(format, WeightFiles.FormatOf(path));

    [Fact]
    public void A_pytorch_file_round_trips_and_the_loaded_model_computes_the_same_outputs()
    {
        var path = directory.File("inception_v3.pt");
        WeightFiles.Save(models.Source, path);
        models.PerturbTarget();
        models.Source.eval();
        models.Target.eval();
        random.manual_seed(3);
        using var input = randn(1, 3, 299, 299);
        using var noGrad = no_grad();
        using var expected = models.Source.call(input);
        using (var before = models.Target.call(input))
        {
            Assert.False(before.Equals(expected), "the target must start out different");
        }

        WeightFiles.Load(models.Target, path);

        using var actual = models.Target.call(input);
        Assert.True(actual.Equals(expected), $"max difference {(actual - expected).abs().max().item<float>()}");
        AssertSameWeights(models.Source, models.Target);
    }

    /// <summary>A tensor of another element type is refused by name with both types, unless conversion is asked for.</summary>
    [Fact]
    public void A_weight_of_another_element_type_is_refused_unless_conversion_is_allowed()
    {
        var path = directory.File("bool_fc.pt");
        var weights = models.Source.state_dict().ToDictionary(e => e.Key, e => e.Key == "fc.weight" ? e.Value.gt(0) : e.Value.detach().clone());
        using var converted = weights["fc.weight"].to(ScalarType.Float32);
        using (var holder = new StateDictHolder(weights))
        {
            WeightFiles.Save(holder, path);
        }

        models.PerturbTarget();
        var before = models.Target.state_dict()["fc.weight"].clone();
        var error = Assert.Throws<WeightMismatchException>(() => WeightFiles.Load(models.Target, path));
        Assert.Contains("fc.weight: expected Float32, found Bool", error.Message, StringComparison.Ordinal);
        Assert.True(models.Target.state_dict()["fc.weight"].equal(before).all().item<bool>(), "a refused file changes nothing");

        WeightFiles.Load(models.Target, path, convertDtypes: true);
        Assert.True(models.Target.state_dict()["fc.weight"].equal(converted).all().item<bool>());
    }

    /// <summary>A module whose state_dict is the given tensors (as buffers), to write a weight file with any element types.</summary>
    private sealed class StateDictHolder : nn.Module
    {
        public StateDictHolder(IReadOnlyDictionary<string, Tensor> tensors)
            : base(nameof(StateDictHolder))
        {
            foreach (var (key, value) in tensors)
            {
                var parts = key.Split('.');
                nn.Module owner = this;
                for (var i = 0; i < parts.Length - 1; i++)
                {
                    var next = owner.named_children().FirstOrDefault(c => c.name == parts[i]).module;
                    if (next is null)
                    {
                        next = new Folder();
                        owner.register_module(parts[i], next);
                    }

                    owner = next;
                }

                owner.register_buffer(parts[^1], value);
            }
        }

        private sealed class Folder() : nn.Module(nameof(Folder));
    }

    [Fact]
    public void Torchvisions_inception_v3_weights_saved_by_pybridge_load_into_the_generated_class()
    {
        var path = directory.File("torchvision_inception_v3.pth");
        using (var torchvision = TorchSharp.torchvision.models.inception_v3())
        {
            torchvision.save_py(path);
            models.PerturbTarget();

            WeightFiles.Load(models.Target, path);

            AssertSameWeights(torchvision, models.Target);
        }
    }

    [Fact]
    public void A_file_for_another_class_count_is_rejected_with_every_shape_mismatch_and_changes_nothing()
    {
        var path = directory.File("ten_classes.pt");
        using (var tenClasses = new InceptionV3(numClasses: 10, auxLogits: true))
        {
            WeightFiles.Save(tenClasses, path);
        }

        var error = AssertRejectedWithoutChange(path);

        Assert.Empty(error.Mismatch.MissingKeys);
        Assert.Empty(error.Mismatch.UnexpectedKeys);
        Assert.Equal(
            ["AuxLogits.fc.bias", "AuxLogits.fc.weight", "fc.bias", "fc.weight"],
            error.Mismatch.ShapeMismatches.Select(mismatch => mismatch.Key));
        Assert.Contains("fc.weight: expected [1000, 2048], found [10, 2048]", error.Message);
        Assert.Contains("fc.bias: expected [1000], found [10]", error.Message);
        Assert.Contains("AuxLogits.fc.weight: expected [1000, 768], found [10, 768]", error.Message);
    }

    [Fact]
    public void A_file_with_a_layer_missing_and_an_unknown_one_is_rejected_with_both_lists_and_changes_nothing()
    {
        var path = directory.File("no_mixed_7c.safetensors");
        var weights = models.Source.state_dict()
            .Where(entry => !entry.Key.StartsWith("Mixed_7c.", StringComparison.Ordinal))
            .ToDictionary(entry => entry.Key, entry => entry.Value);
        using var extra = zeros(4);
        weights["Mixed_7d.conv.weight"] = extra;
        Safetensors.SaveStateDict(path, weights);

        var error = AssertRejectedWithoutChange(path);

        var mixed7c = models.Target.state_dict().Keys.Where(key => key.StartsWith("Mixed_7c.", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(mixed7c, error.Mismatch.MissingKeys);
        Assert.Equal(["Mixed_7d.conv.weight"], error.Mismatch.UnexpectedKeys);
        Assert.Empty(error.Mismatch.ShapeMismatches);
        Assert.Contains("Missing keys", error.Message);
        Assert.Contains("Mixed_7c.branch_pool.conv.weight", error.Message);
        Assert.Contains("Unexpected keys", error.Message);
        Assert.Contains("Mixed_7d.conv.weight", error.Message);
    }

    [Fact]
    public void A_safetensors_file_round_trips()
    {
        var path = directory.File("inception_v3.safetensors");
        WeightFiles.Save(models.Source, path);
        models.PerturbTarget();

        WeightFiles.Load(models.Target, path);

        AssertSameWeights(models.Source, models.Target);
    }

    [Fact]
    public void A_torchsharp_file_round_trips_and_stays_readable_by_torchsharp()
    {
        var path = directory.File("inception_v3.dat");
        WeightFiles.Save(models.Source, path);
        models.PerturbTarget();

        WeightFiles.Load(models.Target, path);

        AssertSameWeights(models.Source, models.Target);
        models.PerturbTarget();
        models.Target.load(path);
        AssertSameWeights(models.Source, models.Target);
    }

    /// <summary>
    /// A file that is not weights at all says which file and what is wrong with it, as an IOException the
    /// commands report in one line, and the model is unchanged.
    /// </summary>
    [Theory]
    [InlineData("empty.pt", "is empty (0 bytes)")]
    [InlineData("random.safetensors", "is not a readable safetensors file: ")]
    [InlineData("random.pt", "is not a readable PyTorch state_dict")]
    [InlineData("truncated.pt", "is not a readable PyTorch state_dict")]
    [InlineData("truncated.dat", "is not a readable TorchSharp weight file (module.save): it ends early (truncated?)")]
    [InlineData("folder.pt", "is a folder, not a file")]
    [InlineData("missing.pt", "does not exist")]
    public void A_file_that_is_not_weights_names_itself_and_its_fault_and_changes_nothing(string name, string fault)
    {
        var path = directory.File(name);
        using var model = nn.Linear(4, 2);
        var random = new Random(7);
        switch (name)
        {
            case "empty.pt":
                File.WriteAllBytes(path, []);
                break;
            case "random.safetensors" or "random.pt":
                var bytes = new byte[4096];
                random.NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                break;
            case "truncated.pt" or "truncated.dat":
                WeightFiles.Save(model, path);
                var whole = File.ReadAllBytes(path);
                File.WriteAllBytes(path, whole[..(whole.Length * 2 / 3)]);
                break;
            case "folder.pt":
                Directory.CreateDirectory(path);
                break;
        }

        using var before = model.weight!.detach().clone();
        var error = Assert.ThrowsAny<IOException>(() => WeightFiles.Load(model, path));
        Assert.IsType<WeightFileException>(error);
        Assert.Contains($"Weight file '{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(fault, error.Message, StringComparison.Ordinal);
        Assert.True(model.weight!.equal(before).all().item<bool>(), "a refused file changes nothing");
    }

    /// <summary>The safetensors rules on data_offsets: exact spans, in order, tiling the data without gaps or overlaps.</summary>
    [Theory]
    [InlineData("[0,32]", "[32,40]", 40, null)]
    [InlineData("[0,32]", "[24,32]", 40, "tensor 'bias' overlaps the tensor before it")]
    [InlineData("[0,32]", "[28,36]", 40, "tensor 'bias' overlaps the tensor before it")]
    [InlineData("[0,32]", "[36,44]", 44, "the data has a gap of 4 bytes before tensor 'bias'")]
    [InlineData("[0,32]", "[32,44]", 44, "tensor 'bias' (F32, shape [2]) needs 8 bytes but its data_offsets span 12")]
    [InlineData("[0,32]", "[32,40]", 48, "the tensors cover 40 of the 48 bytes of data")]
    [InlineData("[0,32]", "[32,48]", 40, "tensor 'bias' has data_offsets [32, 48] outside the 40 bytes of data")]
    public void A_safetensors_file_whose_offsets_break_the_format_is_refused(string weight, string bias, int data, string? fault)
    {
        var path = directory.File("layout.safetensors");
        var header = System.Text.Encoding.UTF8.GetBytes($"{{\"weight\":{{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":{weight}}},\"bias\":{{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":{bias}}}}}");
        var bytes = new byte[8 + header.Length + data];
        BitConverter.GetBytes((long)header.Length).CopyTo(bytes, 0);
        header.CopyTo(bytes, 8);
        for (var i = 0; i < data / 4; i++)
        {
            BitConverter.GetBytes(i + 1f).CopyTo(bytes, 8 + header.Length + (4 * i));
        }

        File.WriteAllBytes(path, bytes);
        using var model = nn.Linear(4, 2);
        if (fault is null)
        {
            WeightFiles.Load(model, path);
            Assert.Equal(9f, model.bias![0].item<float>());
            return;
        }

        using var before = model.weight!.detach().clone();
        var error = Assert.Throws<WeightFileException>(() => WeightFiles.Load(model, path));
        Assert.Contains($"Weight file '{path}' is not a readable safetensors file: {fault}", error.Message, StringComparison.Ordinal);
        Assert.True(model.weight!.equal(before).all().item<bool>(), "a refused file changes nothing");
    }

    public void Dispose() => directory.Dispose();

    private WeightMismatchException AssertRejectedWithoutChange(string path)
    {
        var before = StateDicts.Snapshot(models.Target);
        try
        {
            var error = Assert.Throws<WeightMismatchException>(() => WeightFiles.Load(models.Target, path));
            Assert.Empty(StateDicts.Differences(before, models.Target.state_dict()));
            Assert.Contains(path, error.Message);
            return error;
        }
        finally
        {
            StateDicts.Dispose(before);
        }
    }

    private static void AssertSameWeights(nn.Module expected, nn.Module actual)
    {
        var expectedWeights = expected.state_dict();
        Assert.Equal(expectedWeights.Keys.Order(StringComparer.Ordinal), actual.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.Empty(StateDicts.Differences(expectedWeights, actual.state_dict()));
    }
}
