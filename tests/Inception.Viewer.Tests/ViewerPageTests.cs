using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Inception.Viewer.Tests;

/// <summary>
/// The pages `incept view` and `incept diff --format html` write, opened from file:// in a real Chromium with every
/// request that is not file:, data: or blob: failed: they draw, fold, unfold, search, follow a link and export
/// with no console error and no request, and what they show is what `stats` and `diff` count. The DOM they are
/// read through is the contract in docs/viewer.md.
/// </summary>
public sealed class ViewerPageTests : IClassFixture<BrowserFixture>, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private readonly BrowserFixture _browser;
    private readonly string _folder = Directory.CreateTempSubdirectory("incept-viewer-").FullName;

    public ViewerPageTests(BrowserFixture browser) => _browser = browser;

    public static TheoryData<string, string> Networks()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(Repository.Path("dsl"), "*.incept").Concat(Directory.GetFiles(Repository.Path("dsl", "examples"), "*.incept")).Order(StringComparer.Ordinal))
        {
            foreach (var network in Inception.Compiler.Compilation.CompileFile(file).Networks.Select(n => n.Name))
            {
                data.Add(Path.GetRelativePath(Repository.Root, file), network);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public async Task TheViewLoadsOfflineAndShowsWhatStatsCounts(string file, string network)
    {
        var source = Repository.Path(file);
        var html = Path.Combine(_folder, network + ".html");
        var (code, output, error) = InceptProcess.Run(Bound, "view", source, "--network", network, "-o", html);
        Assert.True(code == 0, error);
        Assert.Equal(html, output.Trim());

        var (page, problems) = await Open(new Uri(html).AbsoluteUri);
        var top = Rows(source, network, depth: 1);
        Assert.Equal(top.Select(r => r.Path), await DrawnIds(page));
        foreach (var row in top)
        {
            var node = page.Locator($"#viewport .node[data-node='{row.Path}']");
            Assert.Equal(row.Shape, await node.GetAttributeAsync("data-shape"));
            Assert.Equal(row.Parameters.ToString(System.Globalization.CultureInfo.InvariantCulture), await node.GetAttributeAsync("data-params"));
            Assert.Equal(row.Macs.ToString(System.Globalization.CultureInfo.InvariantCulture), await node.GetAttributeAsync("data-macs"));
        }

        // Unfold the first block call: its layers and inner modules are stats' rows at depth 2 below it.
        var block = page.Locator("#viewport .node[data-kind='block'][aria-expanded='false']").First;
        if (await block.CountAsync() > 0)
        {
            var id = (await block.GetAttributeAsync("data-node"))!;
            await block.ClickAsync();
            await Ready(page);
            Assert.Equal("true", await page.Locator($"#viewport .node[data-node='{id}']").GetAttributeAsync("aria-expanded"));
            var inner = Rows(source, network, depth: 2).Where(r => r.Path.StartsWith(id + ".", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(inner);
            var drawn = await page.EvaluateAsync<string[][]>(
                "prefix => [...document.querySelectorAll('#viewport .node')].filter(n => n.dataset.node.startsWith(prefix) && ['layer', 'block', 'module', 'aux'].includes(n.dataset.kind)).map(n => [n.dataset.node, n.dataset.shape, n.dataset.params, n.dataset.macs])",
                id + ".");
            Assert.Equal(inner.Select(r => $"{r.Path} {r.Shape} {r.Parameters} {r.Macs}").Order(), drawn.Select(d => string.Join(' ', d)).Order());

            // Search finds a layer inside it by name; Enter selects it and puts it in the address.
            var target = inner[^1];
            await page.FillAsync("#search", target.Path);
            await page.WaitForSelectorAsync($"#results li[data-result='{target.Path}']");
            await page.Locator("#search").PressAsync("Enter");
            await page.WaitForSelectorAsync($"#viewport .node.selected[data-node='{target.Path}']");
            Assert.EndsWith("#" + target.Path, page.Url, StringComparison.Ordinal);
            Assert.Contains(target.Path, await page.InnerTextAsync("#details"), StringComparison.Ordinal);

            // The address alone selects it, its block unfolded.
            var (linked, linkProblems) = await Open(new Uri(html).AbsoluteUri + "#" + target.Path);
            await linked.WaitForSelectorAsync($"#viewport .node.selected[data-node='{target.Path}']");
            Assert.Empty(linkProblems);
            await linked.CloseAsync();
        }

        var svg = await page.EvaluateAsync<string>("() => window.incept.exportSvg()");
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Equal(await page.Locator("#viewport .node").CountAsync(), CountOf(svg, "data-node=\""));
        await Screenshot(page, Path.GetFileNameWithoutExtension(file) + "-" + network);
        Assert.Empty(problems);
        await page.CloseAsync();
    }

    [Fact]
    public async Task TheVisualDiffCountsWhatTheTextDiffCounts()
    {
        var (left, right) = (Repository.Dsl("inception_v3.incept"), Repository.Dsl("inception_v4.incept"));
        var html = Path.Combine(_folder, "v3-v4.html");
        var (code, _, error) = InceptProcess.Run(Bound, "diff", left, right, "--format", "html", "-o", html);
        Assert.True(code == 1, $"exit {code} (1: the networks differ): {error}");
        var (_, text, _) = InceptProcess.Run(Bound, "diff", left, right, "--format", "json", "--all");
        var rows = JsonNode.Parse(text)!["rows"]!.AsArray();

        var (page, problems) = await Open(new Uri(html).AbsoluteUri);
        await Screenshot(page, "diff-v3-v4");
        await page.EvaluateAsync("() => window.incept.expandAll()");
        await Ready(page);
        foreach (var status in new[] { "same", "changed", "added", "removed" })
        {
            var expected = rows.Count(r => (string)r!["status"]! == status);
            Assert.True(expected == await page.Locator($"#viewport .node[data-status='{status}']").CountAsync(), $"{status}: the text diff has {expected} rows");
            Assert.Equal(status == "same" ? 0 : expected, await page.Locator($"#changes li.status-{status}").CountAsync());
        }

        var layers = rows.Where(r => (string)r!["kind"]! == "layer").ToList();
        Assert.Contains(
            $"layers: {layers.Count(r => (string)r!["status"]! == "changed")} changed, {layers.Count(r => (string)r!["status"]! == "added")} added, {layers.Count(r => (string)r!["status"]! == "removed")} removed",
            await page.InnerTextAsync("#delta"),
            StringComparison.Ordinal);

        // A change in the side list focuses its node.
        var change = page.Locator("#changes li.status-changed").First;
        var id = (await change.GetAttributeAsync("data-change"))!;
        await change.ClickAsync();
        await page.WaitForSelectorAsync($"#viewport .node.selected[data-node='{id}']");
        Assert.Empty(problems);
        await page.CloseAsync();
    }

    /// <summary>"Changes only" folds runs of unchanged layers into one box, which opens on a click.</summary>
    [Fact]
    public async Task ChangesOnlyFoldsRunsOfUnchangedLayers()
    {
        var html = Path.Combine(_folder, "googlenet.html");
        var (code, _, error) = InceptProcess.Run(Bound, "diff", Repository.Dsl("googlenet.incept"), Repository.Dsl("googlenet_paper.incept"), "--format", "html", "-o", html);
        Assert.True(code == 1, error);
        var (page, problems) = await Open(new Uri(html).AbsoluteUri);
        var before = await DrawnIds(page);
        Assert.Contains("conv1", before);

        var sameBefore = await page.Locator("#viewport .node[data-status='same']").CountAsync();
        await page.CheckAsync("#changes-only");
        await Ready(page);
        var folded = page.Locator("#viewport .node[data-kind='fold']");
        Assert.True(await folded.CountAsync() > 0, "a run of unchanged top-level layers is folded");
        var after = await DrawnIds(page);
        Assert.DoesNotContain("conv1", after);

        // What is gone was unchanged, and a lone unchanged layer between changes is all that stays.
        var sameAfter = await page.Locator("#viewport .node[data-status='same']").CountAsync();
        Assert.True(sameAfter < sameBefore, $"{sameAfter} unchanged nodes drawn, {sameBefore} before");
        var statuses = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#viewport > .nodes > .node')].map(n => n.dataset.status)");
        Assert.DoesNotContain(statuses.Zip(statuses.Skip(1)), pair => pair.First == "same" && pair.Second == "same");

        // The changed block shows what changed inside it, with its badge of deltas.
        var changed = page.Locator("#viewport .node[data-kind='block'][data-status='changed']").First;
        Assert.Contains("\u0394p +", await changed.TextContentAsync(), StringComparison.Ordinal);
        await folded.First.ClickAsync();
        await Ready(page);
        Assert.True(await page.Locator("#viewport .node[data-status='same']").CountAsync() >= 2, "the clicked run is drawn again");
        await Screenshot(page, "diff-googlenet-paper");
        Assert.Empty(problems);
        await page.CloseAsync();
    }

    /// <summary>
    /// The page's side of the editor's architecture view (VS Code's webview API stood in for by a recorder): a new
    /// model redraws keeping the page, an error count marks the picture stale, the cursor's position selects the
    /// node written there, and a click asks the editor to reveal the node's source.
    /// </summary>
    [Fact]
    public async Task TheEditorsMessagesDriveThePageAndAClickRevealsTheSource()
    {
        var source = Repository.Dsl("examples/mini_inception.incept");
        var html = Path.Combine(_folder, "live.html");
        Assert.Equal(0, InceptProcess.Run(Bound, "view", source, "-o", html).Code);
        var page = await _browser.Browser.NewPageAsync();
        await page.AddInitScriptAsync("window.acquireVsCodeApi = () => ({ postMessage: message => (window.posted = window.posted || []).push(message) });");
        await page.GotoAsync(new Uri(html).AbsoluteUri);
        await Ready(page);
        Assert.Equal("ready", await page.EvaluateAsync<string>("() => window.posted[0].type"));

        // A layer inside a block: the cursor on its line selects it and unfolds the block.
        var stats = Rows(source, "MiniInception", depth: 2);
        var inner = stats.First(r => r.Path.Contains('.', StringComparison.Ordinal));
        var (code, json, _) = InceptProcess.Run(Bound, "view", source, "--format", "json", "-o", "-");
        Assert.Equal(0, code);
        var model = JsonNode.Parse(json)!;
        var written = Walk(model["root"]!).First(n => (string)n["id"]! == inner.Path)["source"]!;
        await page.EvaluateAsync("([line, column]) => window.postMessage({ type: 'cursor', line, column }, '*')", new[] { (int)written["line"]!, (int)written["column"]! + 1 });
        await page.WaitForSelectorAsync($"#viewport .node.selected[data-node='{inner.Path}']");
        var block = inner.Path.Split('.')[0];
        Assert.Equal("true", await page.Locator($"#viewport .node[data-node='{block}']").GetAttributeAsync("aria-expanded"));

        // The closing brace of a concat written over several lines: the innermost node whose span holds the cursor
        // is the concat, not the last layer written before that line.
        var concat = Walk(model["root"]!).First(n => (string)n["kind"]! == "concat" && (int)n["source"]!["end_line"]! > (int)n["source"]!["line"]!);
        var closing = concat["source"]!;
        Assert.Equal("}", File.ReadAllLines((string)closing["file"]!)[(int)closing["end_line"]! - 1][((int)closing["end_column"]! - 2)..].TrimEnd());
        await page.EvaluateAsync("([line, column]) => window.postMessage({ type: 'cursor', line, column }, '*')", new[] { (int)closing["end_line"]!, (int)closing["end_column"]! - 1 });
        await page.WaitForSelectorAsync($"#viewport .node.selected[data-node='{(string)concat["id"]!}']");

        // Errors: the last picture stays, marked stale.
        await page.EvaluateAsync("() => window.postMessage({ type: 'stale', errors: 2 }, '*')");
        await page.WaitForSelectorAsync("#stale:not([hidden])");
        Assert.Contains("2 errors", await page.InnerTextAsync("#stale"), StringComparison.Ordinal);
        Assert.Equal("true", await page.EvaluateAsync<string>("() => document.body.dataset.stale"));

        // A new model (the file edited: a 5x5 stem, the same shapes, more weights) redraws in place, folding and
        // selection kept.
        var edited = Path.Combine(_folder, "edited.incept");
        var stem = model["root"]!["children"]![0]!;
        Assert.Equal("stem", (string?)stem["id"]);
        File.WriteAllText(edited, File.ReadAllText(source).Replace("stem = conv 16 3x3 pad=1", "stem = conv 16 5x5 pad=2", StringComparison.Ordinal));
        (code, json, var error) = InceptProcess.Run(Bound, "view", edited, "--format", "json", "-o", "-");
        Assert.True(code == 0, error);
        await page.EvaluateAsync("text => window.postMessage({ type: 'model', model: JSON.parse(text) }, '*')", json);
        await page.WaitForFunctionAsync($"() => document.querySelector(\"#viewport .node[data-node='stem']\")?.dataset.params !== '{stem["parameters"]}'");
        await Ready(page);
        Assert.Equal("false", await page.EvaluateAsync<string>("() => document.body.dataset.stale"));
        Assert.Equal(1, await page.Locator($"#viewport .node.selected[data-node='{(string)concat["id"]!}']").CountAsync());

        // A click on a node asks the editor to reveal where it is written.
        await page.Locator($"#viewport .node[data-node='{stem["id"]}']").ClickAsync();
        var revealed = await page.EvaluateAsync<JsonElement>("() => window.posted.filter(m => m.type === 'reveal').pop()");
        Assert.Equal((string)stem["id"]!, revealed.GetProperty("id").GetString());
        Assert.Equal((int)stem["source"]!["line"]!, revealed.GetProperty("source").GetProperty("line").GetInt32());
        await page.CloseAsync();
    }

    private static IEnumerable<JsonNode> Walk(JsonNode node) =>
        new[] { node }.Concat((node["children"]?.AsArray() ?? []).SelectMany(child => Walk(child!)));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(IPage Page, List<string> Problems)> Open(string url)
    {
        var page = await _browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, message) => problems.Add("page error: " + message);
        await page.RouteAsync("**/*", async route =>
        {
            var requested = route.Request.Url;
            if (requested.StartsWith("file:", StringComparison.Ordinal) || requested.StartsWith("data:", StringComparison.Ordinal) || requested.StartsWith("blob:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                problems.Add("request: " + requested);
                await route.AbortAsync();
            }
        });
        await page.GotoAsync(url);
        await Ready(page);
        return (page, problems);
    }

    private static Task Ready(IPage page) => page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

    private static async Task<string[]> DrawnIds(IPage page) =>
        await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#viewport .node')].map(n => n.dataset.node)");

    private static async Task Screenshot(IPage page, string name)
    {
        var folder = Directory.CreateDirectory(Repository.Path("artifacts", "screenshots")).FullName;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private sealed record StatsRow(string Path, string Shape, long Parameters, long Macs);

    private static List<StatsRow> Rows(string file, string network, int depth)
    {
        var (code, output, error) = InceptProcess.Run(Bound, "stats", file, "--network", network, "--depth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json");
        Assert.True(code == 0, error);
        return JsonNode.Parse(output)!["layers"]!.AsArray().Select(r => new StatsRow(
            (string)r!["path"]!,
            string.Join('x', r["output"]!.AsArray().Select(v => (int)v!)),
            (long)r["parameters"]!,
            (long)r["macs"]!)).ToList();
    }
}
