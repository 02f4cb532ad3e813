using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Inception.Viewer.Tests;

/// <summary>
/// The VS Code extension inside VS Code itself (code-server, opened in Chromium), with the built .vsix installed and
/// the incept tool as its server: inlay hints and code lenses in the editor, a hover with a layer's shape, "Show
/// architecture" opening the viewer beside the editor, a click on a node selecting its line, the cursor selecting
/// its node, "Compare architecture with HEAD" on an unsaved edit, and an error typed into the file marking the
/// picture stale.
/// </summary>
public sealed class VsCodeTests : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly BrowserFixture _browser;
    private readonly string _scratch = Directory.CreateTempSubdirectory("incept-vscode-").FullName;

    public VsCodeTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task TheExtensionShowsTheArchitectureLiveInVsCode()
    {
        var vsix = PackExtension();
        var workspace = Directory.CreateDirectory(Path.Combine(_scratch, "workspace")).FullName;
        var file = Path.Combine(workspace, "inception_v3.incept");
        File.Copy(Repository.Dsl("inception_v3.incept"), file);
        foreach (var git in new[] { "init -q", "add inception_v3.incept", "-c user.name=incept -c user.email=incept@localhost commit -q -m committed" })
        {
            var (gitCode, gitOutput) = ProcessRunner.Run("git", git, workspace, TimeSpan.FromMinutes(1));
            Assert.True(gitCode == 0, gitOutput);
        }

        var (code, json, error) = InceptProcess.Run(TimeSpan.FromMinutes(1), "view", file, "--format", "json", "-o", "-");
        Assert.True(code == 0, error);
        var nodes = JsonNode.Parse(json)!["root"]!["children"]!.AsArray();
        int Line(string id) => (int)nodes.First(n => (string)n!["id"]! == id)!["source"]!["line"]!;

        var settings = new JsonObject
        {
            ["security.workspace.trust.enabled"] = false,
            ["workbench.startupEditor"] = "none",
            ["chat.disableAIFeatures"] = true,
            ["workbench.tips.enabled"] = false,
            ["extensions.ignoreRecommendations"] = true,
            ["telemetry.telemetryLevel"] = "off",
            ["editor.inlayHints.enabled"] = "on",
            ["workbench.secondarySideBar.defaultVisibility"] = "hidden",
            ["incept.server.path"] = Path.Combine(AppContext.BaseDirectory, "incept"),
        }.ToJsonString();
        using var server = CodeServer.Start(vsix, workspace, settings, _scratch);
        var page = await _browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        page.SetDefaultTimeout(90_000);
        await page.GotoAsync(server.Url + "?folder=" + Uri.EscapeDataString(workspace));
        await page.WaitForSelectorAsync(".monaco-workbench");
        await Screenshot(page, "vscode-workbench");

        // Open the file; the server's inlay hints and code lenses appear in the editor's DOM.
        await page.Locator(".explorer-folders-view .monaco-list-row", new PageLocatorOptions { HasText = "inception_v3.incept" }).DblClickAsync();
        await page.WaitForSelectorAsync(".monaco-editor .view-lines");
        await page.Locator(".monaco-editor .view-lines").First.ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('.monaco-editor .view-lines')?.textContent.includes('\u2192 768x17x17') || document.querySelector('.monaco-editor')?.textContent.includes('768x17x17')");
        await page.WaitForSelectorAsync(".monaco-editor .codelens-decoration");

        // A hover on a layer: its shape.
        await GoTo(page, Line("Mixed_6b"), 4);
        await page.Keyboard.PressAsync("Control+K");
        await page.Keyboard.PressAsync("Control+I");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.monaco-hover')].some(h => h.textContent.includes('768x17x17'))");

        // Show architecture: the viewer beside the editor.
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("F1");
        await page.Keyboard.TypeAsync("Incept: Show architecture");
        await page.Keyboard.PressAsync("Enter");
        var view = page.Locator("iframe.webview").First.ContentFrame.FrameLocator("iframe#active-frame");
        await view.Locator("body[data-ready='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        Assert.True(await view.Locator(".node[data-node='Mixed_6b']").CountAsync() == 1, "the top-level blocks are drawn");
        await Screenshot(page, "vscode-architecture");

        // A click on a node selects its line in the editor.
        await view.Locator(".node[data-node='Conv2d_2a_3x3']").ClickAsync();
        await page.WaitForFunctionAsync($"() => document.querySelector('[id=\"status.editor.selection\"]')?.textContent.includes('Ln {Line("Conv2d_2a_3x3")},')");

        // The cursor on a block call selects its node in the picture (the editor focused again first: the click
        // left the focus in the picture).
        await page.Locator(".monaco-editor .view-lines").First.ClickAsync();
        await GoTo(page, Line("Mixed_6b"), 5);
        await view.Locator(".node.selected[data-node='Mixed_6b']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        // Compare with HEAD: the committed file against the edited, unsaved buffer (a bias added to the first conv).
        await page.Locator(".monaco-editor .view-lines").First.ClickAsync();
        await GoTo(page, Line("Conv2d_1a_3x3"), 1);
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync(" bias=true");
        await page.Keyboard.PressAsync("F1");
        await page.Keyboard.TypeAsync("Incept: Compare architecture with HEAD");
        await page.Keyboard.PressAsync("Enter");
        var diff = page.Locator("iframe.webview").Last.ContentFrame.FrameLocator("iframe#active-frame");
        await diff.Locator(".node[data-node='Conv2d_1a_3x3'][data-status='changed']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        Assert.Equal(1, await diff.Locator(".node[data-kind='layer'][data-status='changed']").CountAsync());
        Assert.Contains("+32", await diff.Locator(".node[data-node='Conv2d_1a_3x3']").TextContentAsync(), StringComparison.Ordinal);
        await Screenshot(page, "vscode-compare-head");

        // An error typed into the file: a squiggle in the editor, and the live picture marked stale with the count.
        await page.Locator(".monaco-editor .view-lines").First.ClickAsync();
        await GoTo(page, Line("Conv2d_1a_3x3"), 1);
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync(" bogus=1");
        await page.WaitForSelectorAsync(".monaco-editor .squiggly-error");
        await view.Locator("body[data-stale='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        Assert.Contains("error", await view.Locator("#stale").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshot(page, "vscode-stale");
        await page.CloseAsync();
    }

    public void Dispose() => ProcessRunner.Run("rm", $"-rf \"{_scratch}\"", Path.GetTempPath(), TimeSpan.FromMinutes(1));

    private static async Task GoTo(IPage page, int line, int column)
    {
        await page.Keyboard.PressAsync("Control+G");
        await page.Keyboard.TypeAsync($"{line}:{column}");
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>The extension as a user installs it: `npm run package` (its bundle, the viewer's bundle, vsce).</summary>
    private static string PackExtension()
    {
        var folder = Repository.Path("compiler", "Inception.VsCode");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            var (installed, log) = ProcessRunner.Run("npm", "ci --no-audit --no-fund", folder, TimeSpan.FromMinutes(5));
            Assert.True(installed == 0, log);
        }

        var (code, output) = ProcessRunner.Run("npm", "run package", folder, TimeSpan.FromMinutes(3));
        Assert.True(code == 0, output);
        return Path.Combine(folder, "dist", "incept.vsix");
    }

    private static async Task Screenshot(IPage page, string name)
    {
        var folder = Directory.CreateDirectory(Repository.Path("artifacts", "screenshots")).FullName;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
    }
}
