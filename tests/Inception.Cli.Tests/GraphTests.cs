using System.Globalization;
using System.Text.RegularExpressions;
using Inception.Cli;

namespace Inception.Cli.Tests;

public sealed class GraphTests
{
    public static TheoryData<string, int?> ModelsAndDepths()
    {
        var data = new TheoryData<string, int?>();
        foreach (var file in ReferenceModels.Files)
        {
            data.Add(file, null);
            data.Add(file, 1);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndDepths))]
    public void GraphvizAcceptsTheDotOfEveryReferenceModel(string file, int? depth)
    {
        var dot = RequireDot();
        var (code, output, error) = Run(Graph(file, depth, "dot"));
        Assert.True(code == 0, error);
        var svg = Graphviz.ToSvg(dot, output);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void SvgFormatRunsDot()
    {
        RequireDot();
        var (code, output, error) = Run("graph", Repository.Dsl("inception_v3.incept"), "--module", "Mixed_5b", "--format", "svg");
        Assert.True(code == 0, error);
        Assert.Contains("<svg", output, StringComparison.Ordinal);
        Assert.Contains("Mixed_5b: inception_a(pool_features=32)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDotIsNamedWithItsPackage()
    {
        Assert.Null(Graphviz.Locate(Path.Combine(Path.GetTempPath(), $"no-graphviz-{Guid.NewGuid():N}")));
        Assert.Null(Graphviz.Locate(null));
        Assert.Contains("Debian package graphviz", Graphviz.Missing, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ModelsAndDepths))]
    public void MermaidIsAWellFormedFlowchart(string file, int? depth)
    {
        var (code, output, error) = Run(Graph(file, depth, "mermaid"));
        Assert.True(code == 0, error);
        var chart = MermaidFlowchart.Parse(output);
        Assert.Contains("input", chart.Nodes);
        Assert.Contains("output", chart.Nodes);
        // A map is CxHxW, flat features (after a linear or flatten) are F.
        Assert.All(chart.Edges, e => Assert.Matches(@"^(\d+x\d+x\d+|\d+)$", e.Label));
        Assert.Contains(chart.Edges, e => e.To == "output" && Regex.IsMatch(e.Label, @"^\d+$"));
    }

    [Fact]
    public void DepthOneFoldsEachBlockInstanceIntoOneNode()
    {
        var (_, folded, _) = Run("graph", Repository.Dsl("inception_v3.incept"), "--depth", "1");
        Assert.Contains("Mixed_5b [label=\"Mixed_5b\\ninception_a(pool_features=32)\", shape=box3d", folded, StringComparison.Ordinal);
        Assert.DoesNotContain("branch1x1", folded, StringComparison.Ordinal);
        Assert.DoesNotContain("subgraph", folded, StringComparison.Ordinal);

        var (_, full, _) = Run("graph", Repository.Dsl("inception_v3.incept"));
        Assert.Contains("subgraph cluster_Mixed_5b {", full, StringComparison.Ordinal);
        Assert.Contains("label=\"Mixed_5b: inception_a(pool_features=32)\";", full, StringComparison.Ordinal);
        Assert.Contains("Mixed_5b_branch1x1 [label=\"branch1x1\\nconv 64 1x1", full, StringComparison.Ordinal);
    }

    [Fact]
    public void EdgesCarryTheTensorShape()
    {
        var (_, folded, _) = Run("graph", Repository.Dsl("inception_v3.incept"), "--depth", "1");
        Assert.Contains("Mixed_5d -> Mixed_6a [label=\"288x35x35\"];", folded, StringComparison.Ordinal);

        // Unfolded, the 288x35x35 tensor feeds every branch of Mixed_6a from Mixed_5d's concat.
        var (_, full, _) = Run("graph", Repository.Dsl("inception_v3.incept"));
        Assert.Contains("Mixed_5d_concat -> Mixed_6a_branch3x3 [label=\"288x35x35\"];", full, StringComparison.Ordinal);
        Assert.Contains("Mixed_5d_concat -> Mixed_6a_maxpool_1 [label=\"288x35x35\"];", full, StringComparison.Ordinal);
        Assert.Contains("Mixed_6a_concat -> Mixed_6b_branch1x1 [label=\"768x17x17\"];", full, StringComparison.Ordinal);
    }

    [Fact]
    public void AuxiliaryHeadsAreDashedSidePaths()
    {
        var (_, dot, _) = Run("graph", Repository.Dsl("googlenet.incept"), "--depth", "1");
        Assert.Contains("inception4a -> aux1 [label=\"512x14x14\", style=dashed, weight=1];", dot, StringComparison.Ordinal);
        Assert.Contains("aux1 -> aux1_output [label=\"1000\", style=dashed, weight=1];", dot, StringComparison.Ordinal);
        Assert.Contains("inception4a -> inception4b [label=\"512x14x14\"];", dot, StringComparison.Ordinal);

        var (_, mermaid, _) = Run("graph", Repository.Dsl("googlenet.incept"), "--depth", "1", "--format", "mermaid");
        Assert.Contains("inception4a -.->|\"512x14x14\"| aux1", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void AResidualsShortcutIsAnEdgeOfItsOwnIntoTheSum()
    {
        var (code, output, _) = Run("graph", Repository.Dsl("inception_resnet_v2.incept"), "--module", "repeat.0", "--format", "mermaid");
        Assert.Equal(0, code);
        var chart = MermaidFlowchart.Parse(output);

        // The identity shortcut goes from the block's input straight into the add; the body's last conv too.
        Assert.Contains(("input", "320x35x35", "repeat_0_add"), chart.Edges);
        Assert.Contains(("repeat_0_conv2d", "320x35x35", "repeat_0_add"), chart.Edges);
        Assert.Contains(("repeat_0_add", "320x35x35", "output"), chart.Edges);

        // Xception's projection shortcut is drawn as its own path: skip, skipbn, then the add.
        var (_, xception, _) = Run("graph", Repository.Dsl("xception.incept"), "--module", "block2", "--format", "mermaid");
        var entry = MermaidFlowchart.Parse(xception);
        Assert.Contains(("input", "128x74x74", "block2_skip"), entry.Edges);
        Assert.Contains(("block2_skipbn", "256x37x37", "block2_add"), entry.Edges);
    }

    [Fact]
    public void ModuleIsDrawnAloneBetweenItsInputAndOutput()
    {
        var (code, output, _) = Run("graph", Repository.Dsl("inception_v3.incept"), "--module", "Mixed_7b", "--format", "mermaid", "--rankdir", "LR");
        Assert.Equal(0, code);
        var chart = MermaidFlowchart.Parse(output);
        Assert.StartsWith("flowchart LR\n", output, StringComparison.Ordinal);
        Assert.Contains("Mixed_7b", chart.Subgraphs);
        Assert.Contains(("input", "1280x8x8", "Mixed_7b_branch1x1"), chart.Edges);
        Assert.Contains(("Mixed_7b_concat", "2048x8x8", "output"), chart.Edges);
        Assert.DoesNotContain(chart.Nodes, n => n.StartsWith("Mixed_7c", StringComparison.Ordinal));

        // Inception-E's nested 1x3 / 3x1 concats join inside their branch.
        Assert.Equal(3, chart.Nodes.Count(n => n.StartsWith("Mixed_7b_concat", StringComparison.Ordinal)));
    }

    [Fact]
    public void IdsStaySafeAndUniqueWhateverTheNames()
    {
        var path = TempFile("""
            block b { concat { x = conv 4 1x1; y = conv 4 1x1 } }
            network N {
              input 3x8x8
              classes 10
              end = conv 8 3x3
              a_x = conv 8 1x1
              a = b()
              global_avgpool
              linear classes
            }
            """);
        try
        {
            var (code, output, error) = Run("graph", path, "--format", "mermaid");
            Assert.True(code == 0, error);
            var chart = MermaidFlowchart.Parse(output);
            Assert.DoesNotContain("end", chart.Nodes);
            Assert.Contains("a_x", chart.Nodes);
            Assert.Contains("a_x_2", chart.Nodes);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ABrokenFileGivesTheDiagnosticsOfCheck()
    {
        var path = TempFile("network N {\n  input 3x8x8\n  conv 8 3x3 wat=1\n  global_avgpool\n  linear classes\n}\n");
        try
        {
            var (checkCode, _, checkError) = Run("check", path);
            var (graphCode, graphOutput, graphError) = Run("graph", path, "--format", "mermaid");
            Assert.Equal(1, checkCode);
            Assert.Equal(1, graphCode);
            Assert.Equal(string.Empty, graphOutput);
            Assert.Equal(InceptCli.Diagnostics(checkError), graphError.Trim());
            Assert.StartsWith($"{path}(3,14): error INC0102:", graphError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OutputOptionWritesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"graph-{Guid.NewGuid():N}.mmd");
        try
        {
            var (code, output, _) = Run("graph", Repository.Dsl("googlenet.incept"), "--format", "mermaid", "--output", path);
            Assert.Equal(0, code);
            Assert.Equal(string.Empty, output);
            MermaidFlowchart.Parse(File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("graph")]
    [InlineData("graph", "a.incept", "b.incept")]
    [InlineData("graph", "x.incept", "--format", "png")]
    [InlineData("graph", "x.incept", "--rankdir", "BT")]
    [InlineData("graph", "x.incept", "--depth", "one")]
    [InlineData("graph", "DSL/examples/naive_vs_reduced.incept")]
    [InlineData("graph", "DSL/inception_v3.incept", "--module", "Mixed_9z")]
    [InlineData("graph", "DSL/inception_v3.incept", "--network", "InceptionV4")]
    public void UsageErrorsExitTwo(params string[] args)
    {
        var resolved = args.Select(a => a.StartsWith("DSL/", StringComparison.Ordinal) ? Repository.Dsl(a[4..]) : a).ToArray();
        var (code, _, error) = Run(resolved);
        Assert.Equal(2, code);
        Assert.Contains("--help' for", error, StringComparison.Ordinal);
    }

    /// <summary>The dot executable; without it the test fails (CI installs graphviz), so the Graphviz checks never pass unrun.</summary>
    private static string RequireDot() =>
        Graphviz.Locate(Environment.GetEnvironmentVariable("PATH"))
        ?? throw new Xunit.Sdk.XunitException("Graphviz's dot is not on PATH: install the Debian package graphviz (apt-get install graphviz)");

    private static string[] Graph(string file, int? depth, string format)
    {
        var args = new List<string> { "graph", Repository.Dsl(file), "--format", format };
        if (depth is { } d)
        {
            args.AddRange(new[] { "--depth", d.ToString(CultureInfo.InvariantCulture) });
        }

        return args.ToArray();
    }

    private static string TempFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"graph-{Guid.NewGuid():N}.incept");
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => InceptCli.Run(args);
}
