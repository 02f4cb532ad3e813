using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace Inception.Benchmarks;

/// <summary>
/// The viewer in Chromium (Debian's, by path), read from the page's own performance marks: load to first picture
/// for each dsl/ file folded to its top level, unfolding all of Inception-ResNet-v2, the v3 -> v4 diff, and a
/// generated network of 2,000 layers; the HTML size beside the model's JSON. Medians of a few page loads.
/// </summary>
internal static class ViewerBenchmark
{
    public static async Task Run(string root, int rounds)
    {
        var folder = Directory.CreateTempSubdirectory("incept-viewer-bench-").FullName;
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium", Args = ["--no-sandbox"] });
            Console.WriteLine($"viewer: Chromium {browser.Version}, median of {rounds} page loads per row");
            Console.WriteLine("  page                                   HTML KB  JSON KB   first picture ms   unfold all ms   drawn nodes");
            var pages = Directory.GetFiles(Path.Combine(root, "dsl"), "*.incept").Order(StringComparer.Ordinal)
                .Select(file => (Path.GetFileNameWithoutExtension(file), new[] { "view", file }))
                .Append(("diff v3 -> v4", new[] { "diff", Path.Combine(root, "dsl", "inception_v3.incept"), Path.Combine(root, "dsl", "inception_v4.incept"), "--format", "html" }))
                .Append(("generated, 2,000 layers", new[] { "view", Generated(folder) }));
            foreach (var (name, arguments) in pages)
            {
                var html = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".html");
                Incept([.. arguments, "-o", html]);
                var json = Path.ChangeExtension(html, ".json");
                if (arguments[0] == "view")
                {
                    Incept([.. arguments, "--format", "json", "-o", json]);
                }

                var (first, unfold, drawn) = (new List<double>(), new List<double>(), 0);
                for (var round = 0; round < rounds; round++)
                {
                    var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
                    await page.GotoAsync(new Uri(html).AbsoluteUri);
                    await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
                    first.Add(await page.EvaluateAsync<double>("() => performance.getEntriesByName('incept:load-to-first-picture')[0].duration"));
                    unfold.Add(await page.EvaluateAsync<double>("async () => { const start = performance.now(); await window.incept.expandAll(); return performance.now() - start; }"));
                    drawn = await page.Locator("#viewport .node").CountAsync();
                    await page.CloseAsync();
                }

                var jsonKb = File.Exists(json) ? new FileInfo(json).Length / 1024.0 : double.NaN;
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-38} {1,7:F0} {2,8:F0} {3,18:F0} {4,15:F0} {5,13}", name, new FileInfo(html).Length / 1024.0, jsonKb, Statistics.Median(first), Statistics.Median(unfold), drawn));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>500 calls of a four-layer Inception-like block: 2,000 layers and 500 concats.</summary>
    private static string Generated(string folder)
    {
        var text = new StringBuilder("block unit(w) {\n  concat {\n    a = conv w 1x1\n    { b1 = conv w 1x1; b2 = conv w 3x3 pad=1 }\n    p = maxpool 3x3 stride=1 pad=1\n  }\n}\n\nnetwork Generated {\n  input 8x16x16\n  classes 10\n  stem = conv 8 1x1\n");
        for (var i = 0; i < 500; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  u{i} = unit(8)\n  r{i} = conv 8 1x1\n");
        }

        text.Append("  global_avgpool\n  fc = linear classes\n}\n");
        var path = Path.Combine(folder, "generated.incept");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static void Incept(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "incept.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode > 1)
        {
            throw new InvalidOperationException($"incept {string.Join(' ', arguments)}: exit {process.ExitCode}: {error.Result}");
        }
    }
}
