using System.Text.Json.Nodes;
using StreamJsonRpc;

namespace Inception.LanguageServer.Tests;

/// <summary>The server through JSON-RPC, in process: the protocol's rules, publishing, and the workspace of documents.</summary>
public sealed class ServerTests
{
    private const string Uri = "file:///work/test/net.incept";

    private const string Net = "network N {\n  input 3x16x16\n  classes 4\n  conv 8 3x3 pad=1\n  global_avgpool\n  linear classes\n}\n";

    [Fact]
    public async Task RequestsBeforeInitializeAreRefusedWithServerNotInitialized()
    {
        await using var client = TestClient.Start();
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() =>
            client.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 0 } }));
        Assert.Equal(-32002, error.ErrorCode);
    }

    [Fact]
    public async Task AnUnknownMethodIsMethodNotFoundAndTheServerGoesOn()
    {
        await using var client = await TestClient.StartInitializedAsync();
        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync("incept/nothing", new { }));
        Assert.Equal(-32601, (int)error.ErrorCode);
        await client.OpenAsync(Uri, Net);
        var published = await client.WaitForDiagnosticsAsync(Uri);
        Assert.Empty(published["diagnostics"]!.AsArray());
    }

    /// <summary>
    /// The editor's picture: incept/architecture answers with the view model `incept view` writes, and from then
    /// on every analysis of the document sends it again, unsaved edits included; with errors there is no model,
    /// only their count, so the view keeps its last picture and marks it stale.
    /// </summary>
    [Fact]
    public async Task TheArchitectureFollowsEveryEditAndHasNoModelWhileThereAreErrors()
    {
        await using var client = await TestClient.StartInitializedAsync();
        await client.OpenAsync(Uri, Net);
        await client.WaitForDiagnosticsAsync(Uri);
        var first = (await client.RequestAsync("incept/architecture", new { textDocument = new { uri = Uri } }))!;
        Assert.Equal("N", (string?)first["network"]);
        Assert.Equal(0, (int)first["errors"]!);
        Assert.Equal(1, (int)first["model"]!["schema"]!);
        var layers = first["model"]!["root"]!["children"]!.AsArray();
        Assert.Equal(new[] { "conv", "adaptive_avgpool", "linear" }, layers.Select(l => (string)l!["op"]!));
        Assert.Equal("8x16x16", (string?)layers[0]!["output"]);

        await client.ChangeAsync(Uri, Net.Replace("conv 8", "conv 12", StringComparison.Ordinal), version: 2);
        var changed = await client.WaitForArchitectureAsync(Uri, version: 2);
        Assert.Equal("12x16x16", (string?)changed["model"]!["root"]!["children"]![0]!["output"]);
        Assert.True((long)changed["model"]!["totals"]!["parameters"]! > (long)first["model"]!["totals"]!["parameters"]!, "12 filters hold more weights than 8");

        await client.ChangeAsync(Uri, Net.Replace("conv 8", "conv 0", StringComparison.Ordinal), version: 3);
        var broken = await client.WaitForArchitectureAsync(Uri, version: 3);
        Assert.Null(broken["model"]);
        Assert.Equal(1, (int)broken["errors"]!);
    }

    /// <summary>The editor's "Compare with HEAD": the committed text against the buffer, as `incept diff --format html` draws it.</summary>
    [Fact]
    public async Task TheArchitectureDiffComparesAnotherVersionWithTheBuffer()
    {
        await using var client = await TestClient.StartInitializedAsync();
        await client.OpenAsync(Uri, Net.Replace("conv 8", "conv 12", StringComparison.Ordinal));
        await client.WaitForDiagnosticsAsync(Uri);
        var diff = (await client.RequestAsync("incept/architectureDiff", new { textDocument = new { uri = Uri }, otherText = Net }))!;
        Assert.Equal("diff", (string?)diff["model"]!["kind"]);
        var layers = diff["model"]!["root"]!["children"]!.AsArray();
        Assert.Equal(new[] { "changed", "changed", "changed" }, layers.Select(l => (string)l!["change"]!["status"]!));
        Assert.Contains("options", layers[0]!["change"]!["changes"]!.AsArray().Select(c => (string)c!));
        Assert.Equal("8x16x16", (string?)layers[0]!["change"]!["previous_output"]);
    }

    [Fact]
    public async Task ShutdownThenExitEndsWithZeroAndExitAloneWithOne()
    {
        await using (var client = await TestClient.StartInitializedAsync())
        {
            await client.RequestAsync("shutdown", null);
            await client.NotifyAsync("exit", null);
            Assert.Equal(0, await client.Server.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        await using (var client = await TestClient.StartInitializedAsync())
        {
            await client.NotifyAsync("exit", null);
            Assert.Equal(1, await client.Server.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task EditingPublishesLocatedDiagnosticsForTheLatestVersionOnly()
    {
        await using var client = await TestClient.StartInitializedAsync();
        await client.OpenAsync(Uri, Net);
        Assert.Empty((await client.WaitForDiagnosticsAsync(Uri))["diagnostics"]!.AsArray());

        // Ten quick edits: only the last is published, and nothing older arrives after it.
        for (var version = 2; version <= 11; version++)
        {
            await client.ChangeAsync(Uri, Net.Replace("conv 8", "conv " + (version == 11 ? "0" : "8"), StringComparison.Ordinal), version);
        }

        var last = await client.WaitForDiagnosticsAsync(Uri, d => (int?)d["version"] == 11);
        var diagnostic = Assert.Single(last["diagnostics"]!.AsArray())!;
        Assert.Equal("INC0212", (string?)diagnostic["code"]);
        Assert.Equal(3, (int)diagnostic["range"]!["start"]!["line"]!);
        await Task.Delay(300);
        var versions = client.Published.Where(d => (string?)d["uri"] == Uri).Select(d => (int?)d["version"]).ToList();
        Assert.Equal(versions.OrderBy(v => v).ToList(), versions);
        Assert.True(versions.Count < 11, $"published {versions.Count} times for 11 versions: debouncing failed");
    }

    [Fact]
    public async Task AnOpenBufferWinsOverTheDiskAndAnImporterIsRecheckedWhenItChanges()
    {
        var folder = Directory.CreateTempSubdirectory("incept-lsp-");
        try
        {
            var blocks = Path.Combine(folder.FullName, "blocks.incept");
            var main = Path.Combine(folder.FullName, "main.incept");
            File.WriteAllText(blocks, "block widen(c) {\n  conv c 1x1\n}\n");
            var mainText = "import \"blocks.incept\"\nnetwork N {\n  input 3x16x16\n  classes 4\n  widen(8)\n  global_avgpool\n  linear classes\n}\n";
            File.WriteAllText(main, mainText);
            var mainUri = new System.Uri(main).AbsoluteUri;
            var blocksUri = new System.Uri(blocks).AbsoluteUri;

            await using var client = await TestClient.StartInitializedAsync();
            await client.OpenAsync(mainUri, mainText);
            Assert.Empty((await client.WaitForDiagnosticsAsync(mainUri))["diagnostics"]!.AsArray());

            // The imported file, open and edited (not saved): the importer is re-checked against the buffer.
            await client.OpenAsync(blocksUri, "block widen(c) {\n  conv c 1x1\n}\n");
            await client.ChangeAsync(blocksUri, "block widen(c) {\n  conv c 1x1\n}\nblock unused { relu }\n", 2);
            await client.ChangeAsync(blocksUri, "block wide(c) {\n  conv c 1x1\n}\n", 3);
            var broken = await client.WaitForDiagnosticsAsync(mainUri, d => d["diagnostics"]!.AsArray().Count > 0);
            Assert.Contains("unknown block 'widen'", (string?)broken["diagnostics"]![0]!["message"], StringComparison.Ordinal);

            // Closed, the disk copy counts again; a change on disk is announced by the client's file watcher.
            var mark = client.Published.Count;
            await client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri = blocksUri } });
            await client.WaitForDiagnosticsAsync(mainUri, d => d["diagnostics"]!.AsArray().Count == 0, after: mark);
            mark = client.Published.Count;
            File.WriteAllText(blocks, "block widen(c) {\n  conv c 0x1\n}\n");
            await client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = blocksUri, type = 2 } } });
            var onDisk = await client.WaitForDiagnosticsAsync(mainUri, d => d["diagnostics"]!.AsArray().Count > 0, after: mark);
            Assert.Contains("imported file", (string?)onDisk["diagnostics"]![0]!["message"], StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ReferencesAndRenameReachClosedFilesOfTheWorkspaceThatImportTheBlock()
    {
        var folder = Directory.CreateTempSubdirectory("incept-lsp-");
        try
        {
            var blocks = Path.Combine(folder.FullName, "blocks.incept");
            File.WriteAllText(blocks, "block widen(c) {\n  conv c 1x1\n}\n");
            Directory.CreateDirectory(Path.Combine(folder.FullName, "nets"));
            var user = Path.Combine(folder.FullName, "nets", "user.incept");
            File.WriteAllText(user, "import \"../blocks.incept\"\nnetwork N {\n  input 3x16x16\n  classes 4\n  w = widen(8)\n  global_avgpool\n  linear classes\n}\n");
            var unrelated = Path.Combine(folder.FullName, "other.incept");
            File.WriteAllText(unrelated, "block widen(c) {\n  relu\n}\nnetwork M {\n  input 3x16x16\n  classes 4\n  widen(2)\n  global_avgpool\n  linear classes\n}\n");

            await using var client = TestClient.Start();
            await client.RequestAsync("initialize", new { processId = (int?)null, rootUri = new System.Uri(folder.FullName).AbsoluteUri, capabilities = new { } });
            var blocksUri = new System.Uri(blocks).AbsoluteUri;
            await client.OpenAsync(blocksUri, File.ReadAllText(blocks));
            var at = new { textDocument = new { uri = blocksUri }, position = new { line = 0, character = 7 } };
            var references = (await client.RequestAsync("textDocument/references", new { at.textDocument, at.position, context = new { includeDeclaration = false } }))!.AsArray();
            var found = Assert.Single(references)!;
            Assert.Equal(new System.Uri(user).AbsoluteUri, (string?)found["uri"]);
            Assert.Equal(4, (int)found["range"]!["start"]!["line"]!);

            var rename = await client.RequestAsync("textDocument/rename", new { at.textDocument, at.position, newName = "widened" });
            var files = rename!["documentChanges"]!.AsArray().Select(c => (string)c!["textDocument"]!["uri"]!).OrderBy(u => u).ToList();
            Assert.Equal(new[] { blocksUri, new System.Uri(user).AbsoluteUri }.OrderBy(u => u).ToList(), files);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ADocumentThatIsNotOpenIsAnsweredFromDiskOrRefused()
    {
        await using var client = await TestClient.StartInitializedAsync();
        var path = Repository.Dsl("googlenet.incept");
        var symbols = await client.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri = new System.Uri(path).AbsoluteUri } });
        Assert.Contains(symbols!.AsArray(), s => (string?)s!["name"] == "GoogLeNet");

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() =>
            client.RequestAsync("textDocument/hover", new { textDocument = new { uri = "file:///no/such/file.incept" }, position = new { line = 0, character = 0 } }));
        Assert.Equal(-32803, error.ErrorCode);
        Assert.Contains("not open in the editor and does not exist on disk", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InlayHintsCanBeTurnedOffByAnInitializationOption()
    {
        await using var client = TestClient.Start();
        var result = await client.RequestAsync("initialize", new { processId = (int?)null, capabilities = new { }, initializationOptions = new { inlayHints = false } });
        Assert.False((bool)result!["capabilities"]!["inlayHintProvider"]!);
        await client.OpenAsync(Uri, Net);
        var hints = await client.RequestAsync("textDocument/inlayHint", new { textDocument = new { uri = Uri }, range = new { start = new { line = 0, character = 0 }, end = new { line = 99, character = 0 } } });
        Assert.Empty(hints!.AsArray());
    }
}
