using System.Text.Json.Nodes;
using Inception.Compiler.Analysis.Diff;
using Inception.Compiler.Emit;
using Inception.Compiler.View;

namespace Inception.Compiler.Tests;

/// <summary>
/// The view and diff models behind `incept view` and `incept diff --format html`: a small file against its
/// expected JSON (counted by hand), every reference file against `stats`, every node's position against its text,
/// and the visual diff's counts against the text diff's.
/// </summary>
public sealed class ViewModelTests
{
    private const string Tiny = """
        block pair(w) {
          concat {
            a = conv w 1x1 bias=false
            b = maxpool 3x3 stride=1 pad=1
          }
        }

        network Tiny {
          input 2x4x4
          classes 3
          stem = conv 4 3x3 pad=1 bias=false
          p = pair(2)
          global_avgpool
          fc = linear classes
        }
        """;

    [Fact]
    public void ASmallNetworkGivesTheExpectedView()
    {
        var compilation = Compilation.Compile("tiny.incept", Tiny);
        Assert.Empty(compilation.Diagnostics);
        var actual = JsonNode.Parse(ViewJson.Write(ViewBuilder.Build(compilation, compilation.Networks[0])))!;

        // stem: 4 x 2 x 3 x 3 = 72 weights, each used on 4 x 4 positions: 1,152 MACs. p.a: 2 x 4 = 8 weights,
        // 128 MACs. fc: 6 x 3 + 3 = 21 parameters, 18 MACs. Totals 101 parameters, 1,298 MACs; each share is its
        // MACs over 1,298. A layer's position is its op's (after `name = `), a call's its block name's; the
        // linear layer makes flat features (3, not 3x1x1); global_avgpool is sugar for adaptive_avgpool 1x1. A
        // span ends just past its statement's last character: the end of its line, or the brace that closes it.
        var expected = JsonNode.Parse("""
            {
              "schema": 1, "kind": "view",
              "totals": { "network": "Tiny", "source": "tiny.incept", "input": "2x4x4", "classes": 3,
                          "parameters": 101, "parameters_without_aux": 101, "macs": 1298, "aux_macs": 0 },
              "root": {
                "id": "", "name": "Tiny", "kind": "network", "op": "network", "options": "", "input": "2x4x4", "output": "3",
                "parameters": 101, "macs": 1298, "share": 1, "activations": 3, "auxiliary": false,
                "source": { "file": "tiny.incept", "line": 8, "column": 1, "end_line": 15, "end_column": 2 },
                "layout": "chain",
                "children": [
                  { "id": "stem", "name": "stem", "kind": "layer", "op": "conv", "options": "4 3x3 pad=1", "input": "2x4x4", "output": "4x4x4",
                    "parameters": 72, "macs": 1152, "share": 0.8875192604006163, "activations": 64, "auxiliary": false,
                    "source": { "file": "tiny.incept", "line": 11, "column": 10, "end_line": 11, "end_column": 37 } },
                  { "id": "p", "name": "p", "kind": "block", "op": "pair", "call": "pair(w=2)", "options": "w=2", "input": "4x4x4", "output": "6x4x4",
                    "parameters": 8, "macs": 128, "share": 0.09861325115562404, "activations": 96, "auxiliary": false,
                    "source": { "file": "tiny.incept", "line": 12, "column": 7, "end_line": 12, "end_column": 14 },
                    "layout": "chain",
                    "children": [
                      { "id": "p/concat0", "name": "concat0", "kind": "concat", "op": "concat", "options": "", "input": "4x4x4", "output": "6x4x4",
                        "parameters": 8, "macs": 128, "share": 0.09861325115562404, "activations": 96, "auxiliary": false,
                        "source": { "file": "tiny.incept", "line": 2, "column": 3, "end_line": 5, "end_column": 4 },
                        "layout": "parallel",
                        "children": [
                          { "id": "p.a", "name": "a", "kind": "layer", "op": "conv", "options": "2 1x1", "input": "4x4x4", "output": "2x4x4",
                            "parameters": 8, "macs": 128, "share": 0.09861325115562404, "activations": 32, "auxiliary": false,
                            "source": { "file": "tiny.incept", "line": 3, "column": 9, "end_line": 3, "end_column": 30 } },
                          { "id": "p.b", "name": "b", "kind": "layer", "op": "maxpool", "options": "3x3 stride=1 pad=1", "input": "4x4x4", "output": "4x4x4",
                            "parameters": 0, "macs": 0, "share": 0, "activations": 64, "auxiliary": false,
                            "source": { "file": "tiny.incept", "line": 4, "column": 9, "end_line": 4, "end_column": 35 } }
                        ],
                        "edges": [
                          { "from": "p/concat0#in", "to": "p.a", "shape": "4x4x4", "auxiliary": false },
                          { "from": "p.a", "to": "p/concat0#out", "shape": "2x4x4", "auxiliary": false },
                          { "from": "p/concat0#in", "to": "p.b", "shape": "4x4x4", "auxiliary": false },
                          { "from": "p.b", "to": "p/concat0#out", "shape": "4x4x4", "auxiliary": false }
                        ] }
                    ],
                    "edges": [
                      { "from": "p#in", "to": "p/concat0", "shape": "4x4x4", "auxiliary": false },
                      { "from": "p/concat0", "to": "p#out", "shape": "6x4x4", "auxiliary": false }
                    ] },
                  { "id": "GLOBAL", "name": "GLOBAL", "kind": "layer", "op": "adaptive_avgpool", "options": "1x1", "input": "6x4x4", "output": "6x1x1",
                    "parameters": 0, "macs": 0, "share": 0, "activations": 6, "auxiliary": false,
                    "source": { "file": "tiny.incept", "line": 13, "column": 3, "end_line": 13, "end_column": 17 } },
                  { "id": "fc", "name": "fc", "kind": "layer", "op": "linear", "options": "3", "input": "6x1x1", "output": "3",
                    "parameters": 21, "macs": 18, "share": 0.01386748844375963, "activations": 3, "auxiliary": false,
                    "source": { "file": "tiny.incept", "line": 14, "column": 8, "end_line": 14, "end_column": 22 } }
                ],
                "edges": [
                  { "from": "#in", "to": "stem", "shape": "2x4x4", "auxiliary": false },
                  { "from": "stem", "to": "p", "shape": "4x4x4", "auxiliary": false },
                  { "from": "p", "to": "GLOBAL", "shape": "6x4x4", "auxiliary": false },
                  { "from": "GLOBAL", "to": "fc", "shape": "6x1x1", "auxiliary": false },
                  { "from": "fc", "to": "#out", "shape": "3", "auxiliary": false }
                ]
              }
            }
            """)!;
        var generated = actual["root"]!["children"]![2]!["id"]!.GetValue<string>();
        var text = expected.ToJsonString().Replace("GLOBAL", generated, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), actual), $"expected\n{text}\nactual\n{actual.ToJsonString()}");
    }

    public static TheoryData<string> Files() => new(ReferenceModels.Files);

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryReferenceFileAgreesWithStatsAndPointsAtItsText(string file)
    {
        var path = Repository.Dsl(file);
        var compilation = Compilation.CompileFile(path);
        foreach (var network in compilation.Networks)
        {
            var view = ViewBuilder.Build(compilation, network);
            Assert.Equal(network.Parameters, view.Root.Parameters);
            Assert.Equal(network.Macs, view.Root.Macs);
            var nodes = Walk(view.Root).Skip(1).ToList();

            // The leaves are the layers stats counts; they add up to the totals.
            var leaves = nodes.Where(n => n.Children.Count == 0 && n.Kind == "layer").ToList();
            Assert.Equal(network.Layers().Count(), leaves.Count);
            Assert.Equal(network.Parameters, leaves.Sum(n => n.Parameters));
            Assert.Equal(network.Macs + network.AuxMacs, leaves.Sum(n => n.Macs));
            Assert.Equal(nodes.Count, nodes.Select(n => n.Id).Distinct().Count());

            // stats --depth 1: one row per top-level layer and module, as the picture's first level draws them.
            var rows = JsonNode.Parse(StatsEmitter.Json(network, depth: 1))!["layers"]!.AsArray();
            Assert.Equal(rows.Select(r => (string)r!["path"]!), view.Root.Children.Select(c => c.Id));

            foreach (var node in nodes.Where(n => n.Kind is "layer" or "block" or "module" or "aux"))
            {
                var lines = File.ReadAllLines(node.Source.File);
                var text = lines[node.Source.Line - 1][(node.Source.Column - 1)..];
                // A layer points at its name or op, a block call at its name, a layer of a factorize chain at the
                // chain, global_avgpool (adaptive_avgpool 1x1) at its sugar, a named branch or sequence at its opening brace, a head at aux_head.
                var written = new[] { node.Name, node.Op, node.Call?.Split('(')[0] ?? node.Op, "aux_head", "factorize", "reduce_grid", "global_avgpool", "{" };
                Assert.True(written.Any(w => text.StartsWith(w, StringComparison.Ordinal)), $"{file}: {node.Id} points at '{text}'");

                // Its span ends where its statement does: at the end of a line, before a ';', or just past the
                // brace that closes what it opened; and it holds as many opening braces as closing ones.
                var spanned = Spanned(lines, node.Source);
                var rest = lines[node.Source.EndLine - 1][(node.Source.EndColumn - 1)..].TrimStart();
                Assert.True(rest.Length == 0 || rest[0] is ';' or '}' or '#', $"{file}: {node.Id}'s span '{spanned}' ends before '{rest}'");
                Assert.Equal(spanned.Count(c => c == '{'), spanned.Count(c => c == '}'));
                Assert.Equal(spanned.Count(c => c == '('), spanned.Count(c => c == ')'));
                Assert.False(spanned.EndsWith(' '), $"{file}: {node.Id}'s span '{spanned}' ends in a blank");
            }
        }
    }

    [Theory]
    [InlineData("inception_v3.incept", "inception_v4.incept")]
    [InlineData("googlenet_paper.incept", "googlenet.incept")]
    public void TheVisualDiffCountsWhatTheTextDiffCounts(string left, string right) =>
        AssertDiffCountsAgree(Repository.Dsl(left), Repository.Dsl(right));

    [Fact]
    public void ARenamedLayerIsChangedNotAddedAndRemoved()
    {
        var directory = Directory.CreateTempSubdirectory("incept-view-").FullName;
        try
        {
            var left = Path.Combine(directory, "left.incept");
            var right = Path.Combine(directory, "right.incept");
            File.WriteAllText(left, Tiny);
            File.WriteAllText(right, Tiny.Replace("stem = conv 4", "first = conv 4", StringComparison.Ordinal).Replace("fc = linear classes", "fc = linear classes bias=false", StringComparison.Ordinal));
            AssertDiffCountsAgree(left, right);
            var diff = Diff(left, right);
            var renamed = Walk(diff.Root).Single(n => n.Id == "first");
            Assert.Equal("changed", renamed.Change!.Status);
            Assert.Equal("stem", renamed.Change.PreviousName);
            Assert.Equal(new[] { "name" }, renamed.Change.Changes);
            var fc = Walk(diff.Root).Single(n => n.Id == "fc");
            Assert.Equal(new[] { "options", "parameters" }, fc.Change!.Changes);
            Assert.Equal(-3, fc.Change.ParameterDelta);
            Assert.All(Walk(diff.Root).Skip(1).Where(n => n.Id is not ("first" or "fc")), n => Assert.Equal("same", n.Change!.Status));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ArchitectureDiffView Diff(string left, string right)
    {
        var (before, after) = (Compilation.CompileFile(left), Compilation.CompileFile(right));
        return ViewDiffBuilder.Build(ArchitectureDiff.Compare(before.Networks[0], after.Networks[0]), SourceSpans.Of(before.Sources), SourceSpans.Of(after.Sources));
    }

    private static void AssertDiffCountsAgree(string left, string right)
    {
        var (before, after) = (Compilation.CompileFile(left), Compilation.CompileFile(right));
        var output = DiffEmitter.Json(ArchitectureDiff.Compare(before.Networks[0], after.Networks[0]), depth: null, all: true);
        var rows = JsonNode.Parse(output)!["rows"]!.AsArray();
        var diff = Diff(left, right);
        var nodes = Walk(diff.Root).Skip(1).ToList();
        foreach (var status in new[] { "same", "changed", "added", "removed" })
        {
            foreach (var kind in new[] { "layer", "module" })
            {
                var text = rows.Count(r => (string)r!["status"]! == status && (string)r["kind"]! == kind);
                var visual = nodes.Count(n => n.Change!.Status == status && (n.Kind == "layer") == (kind == "layer"));
                Assert.True(text == visual, $"{status} {kind}s: text diff {text}, visual diff {visual}");
            }
        }

        var json = JsonNode.Parse(output)!;
        Assert.Equal((long)json["delta"]!["parameters"]!, diff.Root.Change!.ParameterDelta);
        Assert.Equal((long)json["delta"]!["macs"]!, diff.Root.Change.MacDelta);
    }

    /// <summary>The text between a span's start and its (exclusive) end, lines joined by a newline.</summary>
    private static string Spanned(string[] lines, ViewSource source)
    {
        if (source.Line == source.EndLine)
        {
            return lines[source.Line - 1][(source.Column - 1)..(source.EndColumn - 1)];
        }

        var middle = lines[source.Line..(source.EndLine - 1)];
        return string.Join("\n", new[] { lines[source.Line - 1][(source.Column - 1)..] }.Concat(middle).Append(lines[source.EndLine - 1][..(source.EndColumn - 1)]));
    }

    private static IEnumerable<ViewNode> Walk(ViewNode node) => new[] { node }.Concat(node.Children.SelectMany(Walk));
}
