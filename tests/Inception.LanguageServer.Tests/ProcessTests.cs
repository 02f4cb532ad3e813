using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Inception.LanguageServer.Tests;

/// <summary>The real <c>incept lsp</c> process: its streams, its exit codes, bad frames, and a parent that dies.</summary>
public sealed class ProcessTests
{
    [Fact]
    public void StdoutCarriesOnlyJsonRpcAndTheLogGoesToStderrAndTheLogFile()
    {
        var log = Path.Combine(Path.GetTempPath(), $"incept-lsp-{Guid.NewGuid():N}.log");
        try
        {
            using var server = new LspProcess($"--log \"{log}\"");
            var initialize = server.Initialize();
            Assert.Equal("incept", (string?)initialize["result"]!["serverInfo"]!["name"]);
            server.Notify("initialized", new JsonObject());
            var uri = new Uri(Repository.Dsl("inception_v3.incept")).AbsoluteUri;
            server.Notify("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "incept", ["version"] = 1, ["text"] = File.ReadAllText(Repository.Dsl("inception_v3.incept")) },
            });
            var published = server.Next(m => (string?)m["method"] == "textDocument/publishDiagnostics");
            Assert.Empty(published["params"]!["diagnostics"]!.AsArray());
            Assert.Null(server.Request("shutdown", null)["error"]);
            server.Notify("exit", null);
            Assert.Equal(0, server.WaitForExit());
            Assert.Equal(string.Empty, server.NotJsonRpc);
            Assert.Contains("incept language server listening", server.StandardError, StringComparison.Ordinal);
            Assert.Contains("incept language server listening", File.ReadAllText(log), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>An import of a named pipe would block the compile that reads it: every request is still answered.</summary>
    [Fact]
    public void AnImportOfANamedPipeIsADiagnosticAndEveryRequestIsAnswered()
    {
        var folder = Directory.CreateTempSubdirectory("incept-lsp-fifo-").FullName;
        try
        {
            var pipe = Path.Combine(folder, "pipe.incept");
            Assert.Equal(0, ProcessRunner.Run("mkfifo", $"\"{pipe}\"", folder, TimeSpan.FromMinutes(1)).ExitCode);
            var main = Path.Combine(folder, "main.incept");
            var text = "import \"pipe.incept\"\n" + File.ReadAllText(Repository.Dsl("examples/mini_inception.incept"));
            File.WriteAllText(main, text);

            using var server = new LspProcess();
            server.Initialize();
            server.Notify("initialized", new JsonObject());
            var uri = new Uri(main).AbsoluteUri;
            server.Notify("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "incept", ["version"] = 1, ["text"] = text },
            });
            var published = server.Next(m => (string?)m["method"] == "textDocument/publishDiagnostics");
            var diagnostic = Assert.Single(published["params"]!["diagnostics"]!.AsArray());
            Assert.Contains("is a named pipe (FIFO), not a regular file", (string?)diagnostic!["message"], StringComparison.Ordinal);

            var document = new JsonObject { ["uri"] = uri };
            var symbols = server.Request("textDocument/documentSymbol", new JsonObject { ["textDocument"] = document.DeepClone() });
            Assert.Contains(symbols["result"]!.AsArray(), s => (string?)s!["name"] == "MiniInception");
            var hover = server.Request("textDocument/hover", new JsonObject { ["textDocument"] = document.DeepClone(), ["position"] = new JsonObject { ["line"] = 0, ["character"] = 3 } });
            Assert.Null(hover["error"]);
            Assert.Null(server.Request("shutdown", null)["error"]);
            server.Notify("exit", null);
            Assert.Equal(0, server.WaitForExit());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ALogFileThatCannotBeWrittenIsOneLineAndExitOne()
    {
        var (code, output) = ProcessRunner.Run("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "incept.dll")}\" lsp --log /no/such/folder/lsp.log", Path.GetTempPath(), TimeSpan.FromMinutes(1));
        Assert.Equal(1, code);
        Assert.Contains("incept lsp: cannot write the log '/no/such/folder/lsp.log'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ExitWithoutShutdownEndsWithOne()
    {
        using var server = new LspProcess();
        server.Initialize();
        server.Notify("exit", null);
        Assert.Equal(1, server.WaitForExit());
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":")]
    [InlineData("[1, 2, 3]")]
    [InlineData("\u0000\u0001binary\u00ff")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{\"nested\":true},\"method\":\"shutdown\"}")]
    public void AMalformedMessageGetsAParseErrorAndTheServerGoesOn(string body)
    {
        using var server = new LspProcess();
        server.Initialize();
        var bytes = Encoding.UTF8.GetBytes(body);
        server.SendRaw(Encoding.ASCII.GetBytes($"Content-Length: {bytes.Length}\r\n\r\n").Concat(bytes).ToArray());
        var error = server.Next(m => m["error"] is not null);
        Assert.Equal(-32700, (int)error["error"]!["code"]!);

        var symbols = server.Request("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = new Uri(Repository.Dsl("googlenet.incept")).AbsoluteUri } });
        Assert.Contains(symbols["result"]!.AsArray(), s => (string?)s!["name"] == "GoogLeNet");
        server.Request("shutdown", null);
        server.Notify("exit", null);
        Assert.Equal(0, server.WaitForExit());
    }

    [Fact]
    public void RequestsWrittenAllAtOnceWithTheInputClosedAreAllAnswered()
    {
        // A scripted client (incept lsp < requests): the end of the input comes before the answers are computed.
        var frames = string.Concat(new[]
        {
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"capabilities\":{}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/documentSymbol\",\"params\":{\"textDocument\":{\"uri\":\"" + new Uri(Repository.Dsl("xception.incept")).AbsoluteUri + "\"}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}",
        }.Select(body => $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}"));
        var input = Path.Combine(Path.GetTempPath(), $"incept-lsp-{Guid.NewGuid():N}.in");
        File.WriteAllText(input, frames);
        try
        {
            for (var run = 0; run < 3; run++)
            {
                var (code, output) = ProcessRunner.Run("bash", $"-c \"dotnet '{Path.Combine(AppContext.BaseDirectory, "incept.dll")}' lsp < '{input}' 2>/dev/null\"", Path.GetTempPath(), TimeSpan.FromMinutes(1));
                Assert.Equal(0, code);
                Assert.Contains("\"id\":1,\"result\"", output, StringComparison.Ordinal);
                Assert.Contains("\"name\":\"Xception\"", output, StringComparison.Ordinal);
                Assert.Contains("\"id\":3,\"result\"", output, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Fact]
    public void ACancelledRequestIsAnsweredRequestCancelledAndTheServerGoesOn()
    {
        // A file far larger than any network, not open: reading and compiling it takes about a second, time for
        // the cancellation to arrive while the request runs.
        var large = new StringBuilder("network Large {\n  input 16x8x8\n  classes 10\n");
        for (var i = 0; large.Length < 1_500_000; i++)
        {
            large.Append("  c").Append(i).Append(" = conv 16 3x3 pad=1\n");
        }

        var path = Path.Combine(Path.GetTempPath(), $"incept-lsp-{Guid.NewGuid():N}.incept");
        File.WriteAllText(path, large.Append("  global_avgpool\n  linear classes\n}\n").ToString());
        try
        {
            using var server = new LspProcess();
            server.Initialize();
            server.Send(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = 500,
                ["method"] = "textDocument/hover",
                ["params"] = new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = new Uri(path).AbsoluteUri }, ["position"] = new JsonObject { ["line"] = 3, ["character"] = 8 } },
            });
            server.Notify("$/cancelRequest", new JsonObject { ["id"] = 500 });
            var answer = server.Next(m => (int?)m["id"] == 500);
            Assert.Equal(-32800, (int)answer["error"]!["code"]!);

            var symbols = server.Request("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = new Uri(Repository.Dsl("googlenet.incept")).AbsoluteUri } });
            Assert.Contains(symbols["result"]!.AsArray(), s => (string?)s!["name"] == "GoogLeNet");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheServerExitsWhenItsParentProcessDies()
    {
        using var parent = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        using var server = new LspProcess();
        server.Initialize(parent.Id);
        parent.Kill();
        parent.WaitForExit();
        Assert.Equal(1, server.WaitForExit(timeoutSeconds: 15));
        Assert.Contains($"parent process {parent.Id} is gone", server.StandardError, StringComparison.Ordinal);
    }
}
