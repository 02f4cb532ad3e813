using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Inception.Viewer.Tests;
using Microsoft.Playwright;

namespace Inception.Benchmarks;

/// <summary>
/// The editor's live picture in VS Code itself (code-server, as the VS Code test runs it): from a keystroke that
/// changes a layer to the picture redrawn with the new count, which includes the server's 50 ms debounce, the
/// analysis, the notification, the webview's layout and drawing. Median and p95 of the edits, against the time
/// from the same keystroke to the editor's own inlay hint showing the change (what a user already waits for).
/// </summary>
internal static class VsCodeBenchmark
{
    public static async Task Run(string root, int edits)
    {
        var scratch = Directory.CreateTempSubdirectory("incept-vscode-bench-").FullName;
        try
        {
            var extension = Path.Combine(root, "compiler", "Inception.VsCode");
            Run("npm", "run package", extension);
            var workspace = Directory.CreateDirectory(Path.Combine(scratch, "workspace")).FullName;
            var file = Path.Combine(workspace, "inception_v3.incept");
            File.Copy(Path.Combine(root, "dsl", "inception_v3.incept"), file);
            var line = File.ReadAllLines(file).ToList().FindIndex(l => l.TrimStart().StartsWith("Conv2d_1a_3x3 =", StringComparison.Ordinal)) + 1;
            var settings = new JsonObject
            {
                ["security.workspace.trust.enabled"] = false,
                ["workbench.startupEditor"] = "none",
                ["chat.disableAIFeatures"] = true,
                ["workbench.secondarySideBar.defaultVisibility"] = "hidden",
                ["incept.server.path"] = Path.Combine(AppContext.BaseDirectory, "incept"),
            }.ToJsonString();
            using var server = CodeServer.Start(Path.Combine(extension, "dist", "incept.vsix"), workspace, settings, scratch);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium", Args = ["--no-sandbox"] });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
            page.SetDefaultTimeout(90_000);
            await page.GotoAsync(server.Url + "?folder=" + Uri.EscapeDataString(workspace));
            await page.Locator(".explorer-folders-view .monaco-list-row", new PageLocatorOptions { HasText = "inception_v3.incept" }).DblClickAsync();
            await page.WaitForSelectorAsync(".monaco-editor .codelens-decoration");
            await page.Keyboard.PressAsync("F1");
            await page.Keyboard.TypeAsync("Incept: Show architecture");
            await page.Keyboard.PressAsync("Enter");
            var view = page.Locator("iframe.webview").First.ContentFrame.FrameLocator("iframe#active-frame");
            var node = view.Locator(".node[data-node='Conv2d_1a_3x3']");
            await node.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

            var (picture, hint) = (new List<double>(), new List<double>());
            for (var edit = 0; edit < edits; edit++)
            {
                // Alternate 32 <-> 33 filters on the first conv: each edit changes its parameters and its shape.
                var to = edit % 2 == 0 ? "33" : "32";
                await page.Locator(".monaco-editor .view-lines").First.ClickAsync();
                await page.Keyboard.PressAsync("Control+G");
                await page.Keyboard.TypeAsync($"{line}:26");
                await page.Keyboard.PressAsync("Enter");
                await page.Keyboard.PressAsync("Backspace");
                var clock = Stopwatch.StartNew();
                await page.Keyboard.TypeAsync(to[^1..]);
                var shape = $"{to}x149x149";
                var hinted = page.WaitForFunctionAsync($"() => document.querySelector('.monaco-editor .view-lines')?.textContent.includes('{shape}')").ContinueWith(_ => clock.Elapsed.TotalMilliseconds, TaskScheduler.Default);
                await view.Locator($".node[data-node='Conv2d_1a_3x3'][data-shape='{shape}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
                picture.Add(clock.Elapsed.TotalMilliseconds);
                hint.Add(await hinted);
            }

            picture.Sort();
            hint.Sort();
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "vscode: code-server {0}, {1} edits of inception_v3.incept; keystroke to redrawn picture median {2:F0} ms, p95 {3:F0} ms; keystroke to the editor's inlay hint median {4:F0} ms (picture / hint {5:F2})",
                CodeServer.Version,
                edits,
                Statistics.Median(picture),
                picture[(int)Math.Ceiling(0.95 * picture.Count) - 1],
                Statistics.Median(hint),
                Statistics.Median(picture) / Statistics.Median(hint)));
        }
        finally
        {
            Run("rm", $"-rf \"{scratch}\"", Path.GetTempPath());
        }
    }

    private static void Run(string file, string arguments, string folder)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
    }
}
