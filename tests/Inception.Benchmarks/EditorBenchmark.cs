using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inception.Compiler;
using Inception.Compiler.Services;
using Inception.Compiler.Syntax;
using Inception.LanguageServer.Features;
using Inception.LanguageServer.Server;
using Inception.Tests.Shared;
using Nerdbank.Streams;
using StreamJsonRpc;

namespace Inception.Benchmarks;

/// <summary>
/// The language server as an editor feels it. Server side, in process over JSON-RPC (no debounce): the time from
/// didChange to publishDiagnostics, and hover, inlay hints and completion answered, on inception_resnet_v2 and a
/// 1 MB file; the reference in the same runs is the compiler alone (what <c>incept check</c> does in process).
/// As a process: the working set with all of dsl/ open, and the time from start to the initialize answer.
/// </summary>
internal static class EditorBenchmark
{
    public static void Run(string root)
    {
        Console.WriteLine("editor: milliseconds, p50 / p95 of alternating runs; reference: Compilation.Compile of the same text");
        var resnet = File.ReadAllText(Path.Combine(root, "dsl", "inception_resnet_v2.incept"));
        Measure("inception_resnet_v2.incept", resnet, Path.Combine(root, "dsl", "inception_resnet_v2.incept"), edits: 60).GetAwaiter().GetResult();
        var large = CompilerBenchmark.LargeFile(1_000_000);
        Measure($"generated {large.Length / 1e6:F2} MB file", large, "/bench/large.incept", edits: 8).GetAwaiter().GetResult();
        Process(root);
    }

    private static async Task Measure(string name, string text, string path, int edits)
    {
        var uri = new Uri(path).AbsoluteUri;
        var (client, server) = FullDuplexStream.CreatePair();
        var running = Task.Run(() => LanguageServerHost.RunAsync(server, server, new ServerLog(TextWriter.Null, null), TimeSpan.Zero));
        var formatter = new SystemTextJsonFormatter();
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(client, client, formatter));
        var published = new Receiver();
        rpc.AddLocalRpcTarget(published);
        rpc.StartListening();
        await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { processId = (int?)null, capabilities = new { } });
        await rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "incept", version = 0, text } });
        await published.WaitAsync(0);

        var map = new SourceMap(text);
        var hoverAt = Lsp.ToLsp(map.PositionOf(text.IndexOf("conv", text.Length / 2, StringComparison.Ordinal)));
        var completeAt = new { line = hoverAt.Line, character = 2 };
        var everything = new { start = new { line = 0, character = 0 }, end = new { line = map.LineCount, character = 0 } };
        var screen = new { start = new { line = hoverAt.Line, character = 0 }, end = new { line = hoverAt.Line + 60, character = 0 } };
        var diagnose = new List<double>();
        var compile = new List<double>();
        var hover = new List<double>();
        var hintsScreen = new List<double>();
        var hintsFile = new List<double>();
        var completion = new List<double>();
        for (var version = 1; version <= edits; version++)
        {
            // An edit that changes a comment's length, so every version is new text of the same meaning.
            var edited = text + "\n# edit " + new string('x', version % 7);
            var watch = Stopwatch.StartNew();
            await rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new { textDocument = new { uri, version }, contentChanges = new[] { new { text = edited } } });
            await published.WaitAsync(version);
            diagnose.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            var reference = Compilation.Compile(path, edited, _ => null);
            compile.Add(watch.Elapsed.TotalMilliseconds);
            if (reference.HasErrors)
            {
                throw new InvalidOperationException(string.Join("\n", reference.Diagnostics));
            }

            hover.Add(await Time(() => rpc.InvokeWithParameterObjectAsync<JsonElement>("textDocument/hover", new { textDocument = new { uri }, position = hoverAt })));
            hintsScreen.Add(await Time(() => rpc.InvokeWithParameterObjectAsync<JsonElement>("textDocument/inlayHint", new { textDocument = new { uri }, range = screen })));
            hintsFile.Add(await Time(() => rpc.InvokeWithParameterObjectAsync<JsonElement>("textDocument/inlayHint", new { textDocument = new { uri }, range = everything })));
            completion.Add(await Time(() => rpc.InvokeWithParameterObjectAsync<JsonElement>("textDocument/completion", new { textDocument = new { uri }, position = completeAt })));
        }

        Console.WriteLine($"  {name}");
        Report("didChange -> publishDiagnostics", diagnose, compile);
        Report("compile alone (reference)", compile, compile);
        Report("hover", hover, compile);
        Report("inlay hints, 60 lines", hintsScreen, compile);
        Report("inlay hints, whole file", hintsFile, compile);
        Report("completion", completion, compile);
        await rpc.InvokeWithParameterObjectAsync<JsonElement>("shutdown", null);
        await rpc.NotifyAsync("exit");
        await running;
    }

    private static async Task<double> Time(Func<Task> request)
    {
        var watch = Stopwatch.StartNew();
        await request();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static void Report(string what, IReadOnlyCollection<double> times, IReadOnlyCollection<double> reference) =>
        Console.WriteLine($"    {what,-34} p50 {Percentile(times, 0.5),8:F2}  p95 {Percentile(times, 0.95),8:F2}  ({Percentile(times, 0.5) / Percentile(reference, 0.5):F2}x the compile)");

    private static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>The real process: start to the initialize answer, and the working set with every dsl/ file open.</summary>
    private static void Process(string root)
    {
        var incept = Path.Combine(AppContext.BaseDirectory, "incept.dll");
        var startup = new List<double>();
        var version = new List<double>();
        for (var round = 0; round < 7; round++)
        {
            var watch = Stopwatch.StartNew();
            using (var server = new LspProcess())
            {
                server.Initialize();
                startup.Add(watch.Elapsed.TotalMilliseconds);
                server.Request("shutdown", null);
                server.Notify("exit", null);
                server.WaitForExit();
            }

            watch.Restart();
            using (var check = System.Diagnostics.Process.Start(new ProcessStartInfo("dotnet", $"\"{incept}\" --version") { RedirectStandardOutput = true, UseShellExecute = false })!)
            {
                check.StandardOutput.ReadToEnd();
                check.WaitForExit();
            }

            version.Add(watch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine("  the incept lsp process");
        Console.WriteLine($"    start to initialize answer        p50 {Percentile(startup, 0.5),8:F2} ms  (incept --version, start to exit: {Percentile(version, 0.5):F2} ms)");

        using var all = new LspProcess();
        all.Initialize();
        var files = Directory.GetFiles(Path.Combine(root, "dsl"), "*.incept", SearchOption.AllDirectories);
        var before = all.WorkingSetMegabytes();
        foreach (var file in files)
        {
            var uri = new Uri(file).AbsoluteUri;
            all.Notify("textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "incept", ["version"] = 1, ["text"] = File.ReadAllText(file) } });
            all.Request("textDocument/inlayHint", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri },
                ["range"] = new JsonObject { ["start"] = new JsonObject { ["line"] = 0, ["character"] = 0 }, ["end"] = new JsonObject { ["line"] = 100000, ["character"] = 0 } },
            });
        }

        Thread.Sleep(500);
        Console.WriteLine($"    working set, {files.Length} dsl/ files open  {all.WorkingSetMegabytes(),8:F1} MB  (after initialize: {before:F1} MB)");
        all.Request("shutdown", null);
        all.Notify("exit", null);
        all.WaitForExit();
    }

    private sealed class Receiver
    {
        private readonly object _gate = new();
        private int _latest = -1;

        [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
        public void PublishDiagnostics(JsonElement parameters)
        {
            lock (_gate)
            {
                _latest = Math.Max(_latest, parameters.GetProperty("version").GetInt32());
                Monitor.PulseAll(_gate);
            }
        }

        public Task WaitAsync(int version) => Task.Run(() =>
        {
            lock (_gate)
            {
                while (_latest < version)
                {
                    Monitor.Wait(_gate);
                }
            }
        });
    }
}
