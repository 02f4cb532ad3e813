using System.Text.Json;
using Inception.Cli;

namespace Inception.Cli.Tests;

public sealed class DiffTests
{
    /// <summary>
    /// The nine Inception modules of GoogLeNet (paper Table 1): the third branch's reduce and output widths
    /// and the grid each runs on. torchvision's 3x3 in place of the paper's 5x5 removes 16 weights per
    /// (input, output) channel pair, so the deltas follow from these figures alone.
    /// </summary>
    private static readonly (string Module, int Reduce, int Output, int Grid)[] ThirdBranches =
    {
        ("inception3a", 16, 32, 28), ("inception3b", 32, 96, 28),
        ("inception4a", 16, 48, 14), ("inception4b", 24, 64, 14), ("inception4c", 24, 64, 14),
        ("inception4d", 32, 64, 14), ("inception4e", 32, 128, 14),
        ("inception5a", 32, 128, 7), ("inception5b", 48, 128, 7),
    };

    [Fact]
    public void TorchvisionGoogLeNetAgainstThePaperShowsTheThreeByThreeQuirkInAllNineModules()
    {
        var (code, output, _) = Run("diff", Repository.Dsl("googlenet.incept"), Repository.Dsl("googlenet_paper.incept"), "--format", "json");
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.False(root.GetProperty("equal").GetBoolean());

        var changedConvs = root.GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("status").GetString() == "changed" && r.GetProperty("kind").GetString() == "layer")
            .Where(r => r.GetProperty("left").GetProperty("op").GetString() == "conv")
            .ToList();
        Assert.Equal(ThirdBranches.Select(b => b.Module + ".branch3.1"), changedConvs.Select(r => r.GetProperty("left").GetProperty("path").GetString()));
        Assert.All(changedConvs, r =>
        {
            Assert.Contains(" 3x3 ", r.GetProperty("left").GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains(" 5x5 ", r.GetProperty("right").GetProperty("detail").GetString(), StringComparison.Ordinal);
        });

        var delta = root.GetProperty("delta");
        Assert.Equal(380_928, delta.GetProperty("parameters_without_aux").GetInt64());
        Assert.Equal(6_624_904, root.GetProperty("left").GetProperty("parameters").GetInt64() - root.GetProperty("left").GetProperty("aux_parameters").GetInt64());
        Assert.Equal(7_005_832, root.GetProperty("right").GetProperty("parameters").GetInt64() - root.GetProperty("right").GetProperty("aux_parameters").GetInt64());
        Assert.Equal(ThirdBranches.Sum(b => (long)b.Reduce * b.Output * 16), delta.GetProperty("parameters_without_aux").GetInt64());
        Assert.Equal(ThirdBranches.Sum(b => (long)b.Reduce * b.Output * 16 * b.Grid * b.Grid), delta.GetProperty("macs").GetInt64());
    }

    [Fact]
    public void TheMaxPoolBeforeInception5aIsReportedToo()
    {
        var (_, output, _) = Run("diff", Repository.Dsl("googlenet.incept"), Repository.Dsl("googlenet_paper.incept"));
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("~ maxpool4", StringComparison.Ordinal));
        Assert.Contains("maxpool 2x2", line, StringComparison.Ordinal);
        Assert.Contains("maxpool 3x3 stride=2", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("googlenet.incept")]
    [InlineData("inception_v2.incept")]
    [InlineData("inception_v3.incept")]
    public void AFileAgainstItselfIsEqual(string file)
    {
        var (code, output, _) = Run("diff", Repository.Dsl(file), Repository.Dsl(file));
        Assert.Equal(0, code);
        Assert.Contains("The architectures are equal.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonTotalsEqualStatsForBothSides()
    {
        var (_, diff, _) = Run("diff", Repository.Dsl("inception_v2.incept"), Repository.Dsl("inception_v3.incept"), "--format", "json");
        using var json = JsonDocument.Parse(diff);
        foreach (var (side, file) in new[] { ("left", "inception_v2.incept"), ("right", "inception_v3.incept") })
        {
            var (_, stats, _) = Run("stats", Repository.Dsl(file), "--format", "json");
            using var expected = JsonDocument.Parse(stats);
            // One summary: every property of the side is the property stats starts with, in the same order.
            var summary = json.RootElement.GetProperty(side).EnumerateObject().Select(p => (p.Name, Value: p.Value.GetRawText())).ToList();
            Assert.Equal(
                new[] { "model", "source", "input", "classes", "parameters", "aux_parameters", "parameters_without_aux", "macs", "flops", "aux_macs" },
                summary.Select(p => p.Name));
            Assert.Equal(expected.RootElement.EnumerateObject().Take(summary.Count).Select(p => (p.Name, Value: p.Value.GetRawText())), summary);
        }
    }

    [Fact]
    public void StagesOfInceptionV2AndV3LineUpDespiteDifferentNames()
    {
        var (_, output, _) = Run("diff", Repository.Dsl("inception_v2.incept"), Repository.Dsl("inception_v3.incept"), "--format", "json", "--depth", "1");
        using var json = JsonDocument.Parse(output);
        var pairs = json.RootElement.GetProperty("rows").EnumerateArray()
            .Where(r => r.TryGetProperty("left", out _) && r.TryGetProperty("right", out _))
            .Select(r => (r.GetProperty("left").GetProperty("path").GetString(), r.GetProperty("right").GetProperty("path").GetString()))
            .ToList();
        Assert.Contains(("inception_35a", "Mixed_5b"), pairs);
        Assert.Contains(("reduce_17", "Mixed_6a"), pairs);
        Assert.Contains(("reduce_8", "Mixed_7a"), pairs);
        Assert.Contains(("inception_8b", "Mixed_7c"), pairs);
        Assert.All(json.RootElement.GetProperty("rows").EnumerateArray(), r => Assert.Equal(1, r.GetProperty("depth").GetInt32()));
    }

    [Fact]
    public void TwoNetworksOfOneFileAndMarkdown()
    {
        var (code, output, _) = Run("diff", Repository.Dsl("examples/naive_vs_reduced.incept"), "--left", "NaiveInception", "--right", "ReducedInception", "--format", "markdown");
        Assert.Equal(1, code);
        Assert.Contains("| | Layer | Left | Right | Params delta | MACs delta |", output, StringComparison.Ordinal);
        Assert.Contains("- Parameters without auxiliary heads:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorsInEitherInputAreTheLocatedDiagnosticsOfCheck()
    {
        var path = Path.Combine(Path.GetTempPath(), $"diff-broken-{Guid.NewGuid():N}.incept");
        File.WriteAllText(path, "network N {\n  input 3x8x8\n  conv 8 3x3 wat=1\n  global_avgpool\n  linear classes\n}\n");
        try
        {
            var (_, _, checkError) = Run("check", path);
            var (code, diffOutput, diffError) = Run("diff", Repository.Dsl("googlenet.incept"), path);
            Assert.Equal(2, code);
            Assert.Equal(string.Empty, diffOutput);
            Assert.NotEmpty(InceptCli.Diagnostics(checkError));
            Assert.Equal(InceptCli.Diagnostics(checkError), diffError.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => InceptCli.Run(args);
}
