using System.Text;
using System.Text.Json.Nodes;
using Inception.Compiler.Services;
using Inception.Compiler.Syntax;
using Inception.LanguageServer.Features;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Tests;

/// <summary>
/// Never dies, never lies: every prefix of a file as it is typed, random edits, pasted binary and the compiler's
/// hostile inputs go through every feature without an exception or a hang, and publishing never goes back in time.
/// </summary>
public sealed class HostileTests
{
    /// <summary>Inputs that once crashed, hung or overflowed the compiler, and other text no editor should choke on.</summary>
    public static TheoryData<string> Corpus()
    {
        var chained = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            chained.Append("block b").Append(i).Append(" { b").Append(i + 1).Append("() }\n");
        }

        chained.Append("block b2000 { relu }\nnetwork N {\n  input 1x8x8\n  classes 2\n  b0()\n  global_avgpool\n  linear classes\n}\n");
        const string Head = "network N {\n  input 1x8x8\n  classes 2\n";
        return new TheoryData<string>
        {
            Head + new string('{', 5000) + new string('}', 5000) + "\n}\n",
            Head + "  conv " + new string('(', 10000) + "8" + new string(')', 10000) + " 3x3\n}\n",
            Head + string.Concat(Enumerable.Repeat("concat {\n", 3000)) + "relu\n" + new string('}', 3000) + "\n}\n",
            chained.ToString(),
            Head + "  conv 9223372036854775807 * 2 3x3\n  global_avgpool\n  linear classes\n}\n",
            "network N {\n  input 65536x65536x1\n  flatten\n}\n",
            Head + "  residual scale=big { conv 4 1x1 }\n}\n",
            Head + "  x = \u0000\u0001\u00ff\ufffd\ud800 conv 4 3x3\n}\n",
            "\ufeff# BOM, CRLF and a lone CR\r\nnetwork N {\r\n  input 1x8x8\r  classes 2\r\n  conv 4 3x3\r\n}\r\n",
            "# 𝛼𝛽 → é\nblock 𝛼(c) { conv c 1x1 }\nnetwork N {\n\tinput 1x8x8\n\tclasses 2\n\t𝛼(4)\n}\n",
            "import \"/dev/zero\"\n" + Head + "}\n",
            "import \"main.incept\"\nimport \"\"\nimport \"../../../../../../etc/passwd\"\n",
            "}}}}{{{{((((,,,,====->->-> x x x",
            string.Empty,
            "\n\n\n",
            "block",
            "network N { input",
            "block b(c=, =3,) { conv c( }",
        };
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void TheHostileCorpusPassesEveryFeature(string text) => EveryFeature(text, Positions(text, 40));

    [Theory]
    [InlineData("googlenet.incept")]
    [InlineData("examples/mini_inception_resnet.incept")]
    public void TypingAReferenceFileFromTheFirstCharacterToTheLastNeverThrows(string file)
    {
        var text = File.ReadAllText(Repository.Dsl(file));
        for (var length = 0; length <= text.Length; length++)
        {
            var prefix = text.Substring(0, length);
            var end = new SourceMap(prefix).End;
            EveryFeature(prefix, new[] { end, new Position(end.Line, 1), new Position(Math.Max(1, end.Line - 1), 3) });
        }
    }

    public static TheoryData<string> ReferenceFiles() =>
        new(Directory.GetFiles(Repository.Path("dsl"), "*.incept", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Repository.Path("dsl"), f)).OrderBy(f => f, StringComparer.Ordinal));

    /// <summary>Every reference file cut at every line's end and in the middle of every line, through every feature.</summary>
    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public void EveryReferenceFileCutAtEveryLineNeverThrows(string file)
    {
        var text = File.ReadAllText(Repository.Dsl(file));
        var cuts = new SortedSet<int> { 0, text.Length };
        for (var at = text.IndexOf('\n'); at >= 0; at = text.IndexOf('\n', at + 1))
        {
            cuts.Add(at);
            var start = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
            cuts.Add((start + at) / 2);
        }

        foreach (var length in cuts)
        {
            var prefix = text.Substring(0, length);
            var end = new SourceMap(prefix).End;
            EveryFeature(prefix, new[] { end, new Position(end.Line, 1), new Position(Math.Max(1, end.Line - 1), 3) });
        }
    }

    [Fact]
    public void RandomEditsNeverThrow()
    {
        var text = File.ReadAllText(Repository.Dsl("inception_v3.incept"));
        var random = new Random(1729);
        for (var round = 0; round < 200; round++)
        {
            var edited = Edit(text, random);
            EveryFeature(edited, Positions(edited, 6, random));
        }
    }

    [Fact]
    public async Task TypingThroughTheServerPublishesOnlyNewerVersionsAndEndsClean()
    {
        var text = File.ReadAllText(Repository.Dsl("examples/mini_inception.incept"));
        const string Uri = "file:///work/test/typed.incept";
        await using var client = await TestClient.StartInitializedAsync();
        await client.OpenAsync(Uri, string.Empty, 0);
        var version = 0;
        for (var length = 1; length <= text.Length; length += 3)
        {
            await client.ChangeAsync(Uri, text.Substring(0, length), ++version);
            if (length % 90 == 1)
            {
                // An editor asks while the user types: every answer comes, none fails.
                var position = new { line = Math.Max(0, text.Substring(0, length).Count(c => c == '\n') - 1), character = 2 };
                await client.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri }, position });
                await client.RequestAsync("textDocument/completion", new { textDocument = new { uri = Uri }, position });
            }
        }

        await client.ChangeAsync(Uri, text, ++version);
        var final = await client.WaitForDiagnosticsAsync(Uri, d => (int?)d["version"] == version);
        Assert.Empty(final["diagnostics"]!.AsArray());
        var versions = client.Published.Where(d => (string?)d["uri"] == Uri).Select(d => (int)d["version"]!).ToList();
        Assert.Equal(versions.Distinct().OrderBy(v => v), versions);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task TheHostileCorpusThroughTheServerIsAnsweredEveryTime(string text)
    {
        const string Uri = "file:///work/test/hostile.incept";
        await using var client = await TestClient.StartInitializedAsync();
        await client.OpenAsync(Uri, text);
        await client.WaitForDiagnosticsAsync(Uri);
        var document = new { uri = Uri };
        foreach (var method in new[] { "textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/semanticTokens/full", "textDocument/codeLens", "textDocument/formatting" })
        {
            await client.RequestAsync(method, new { textDocument = document });
        }

        var everywhere = new { start = new { line = 0, character = 0 }, end = new { line = 100000, character = 0 } };
        await client.RequestAsync("textDocument/inlayHint", new { textDocument = document, range = everywhere });
        var hover = await client.RequestAsync("textDocument/hover", new { textDocument = document, position = new { line = 2, character = 4 } });
        Assert.True(hover is null || hover is JsonObject);
    }

    private static void EveryFeature(string text, IEnumerable<Position> positions)
    {
        var run = Task.Run(() =>
        {
            var analysis = DocumentAnalysis.Create(Markup.Path, text, _ => null);
            var context = new DocumentContext(analysis);
            var diagnostics = DiagnosticsFeature.Diagnostics(context);
            SymbolsFeature.DocumentSymbols(context);
            SymbolsFeature.FoldingRanges(context);
            SemanticTokensFeature.Tokens(context);
            CodeLensFeature.CodeLenses(context);
            CodeActionsFeature.CodeActions(context, diagnostics);
            InlayHintsFeature.InlayHints(context, new Position(1, 1), new Position(int.MaxValue, 1));
            // The editor's picture, and the text against itself: where there is a model, nothing differs.
            ArchitectureFeature.Architecture(context, "file:///hostile.incept", 1, network: null);
            var self = ArchitectureFeature.Diff(context, "file:///hostile.incept", 1, Markup.Path, text);
            if (self.Model is { } model)
            {
                Assert.DoesNotContain("\"status\": \"changed\"", model.GetRawText(), StringComparison.Ordinal);
                Assert.DoesNotContain("\"status\": \"added\"", model.GetRawText(), StringComparison.Ordinal);
            }

            var formatted = FormattingFeature.Format(context);
            if (formatted.Count > 0)
            {
                // Formatting never changes what a file means: the formatted text compiles to the same diagnostics.
                var after = Compiler.Compilation.Compile(Markup.Path, formatted[0].NewText, _ => null);
                Assert.Equal(analysis.Diagnostics.Select(d => d.Id), after.Diagnostics.Select(d => d.Id));
            }

            foreach (var position in positions)
            {
                HoverFeature.Hover(context, position);
                CompletionFeature.Complete(context, position);
                SignatureHelpFeature.SignatureHelp(context, position);
                NavigationFeature.Definition(context, position);
                NavigationFeature.References(context, position, includeDeclaration: true);
                NavigationFeature.PrepareRename(context, position, out _);
                NavigationFeature.Rename(context, position, "renamed", out _);
            }
        });
        Assert.True(run.Wait(TimeSpan.FromSeconds(30)), "a feature hung on:\n" + (text.Length > 300 ? text.Substring(0, 300) : text));
    }

    private static IEnumerable<Position> Positions(string text, int count, Random? random = null)
    {
        random ??= new Random(text.Length);
        var map = new SourceMap(text);
        yield return new Position(1, 1);
        yield return map.End;
        yield return new Position(map.LineCount + 5, 400);
        for (var i = 0; i < count; i++)
        {
            yield return map.PositionOf(random.Next(text.Length + 1));
        }
    }

    /// <summary>A deleted line, an unbalanced brace, pasted binary or a few typos.</summary>
    private static string Edit(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        switch (random.Next(5))
        {
            case 0:
                lines.RemoveAt(random.Next(lines.Count));
                return string.Join('\n', lines);
            case 1:
                lines.Insert(random.Next(lines.Count), random.Next(2) == 0 ? "{" : "  }");
                return string.Join('\n', lines);
            case 2:
                var binary = new string(Enumerable.Range(0, 64).Select(_ => (char)random.Next(0, 0x3000)).ToArray());
                return text.Insert(random.Next(text.Length), binary);
            default:
                var chars = text.ToList();
                for (var edits = random.Next(1, 6); edits > 0; edits--)
                {
                    var at = random.Next(chars.Count);
                    if (random.Next(2) == 0)
                    {
                        chars.RemoveAt(at);
                    }
                    else
                    {
                        chars.Insert(at, "{}()=,;#x\"3 \n"[random.Next(13)]);
                    }
                }

                return new string(chars.ToArray());
        }
    }
}
