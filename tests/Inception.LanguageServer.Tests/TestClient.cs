using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Inception.LanguageServer.Server;
using Nerdbank.Streams;
using StreamJsonRpc;

namespace Inception.LanguageServer.Tests;

/// <summary>
/// An LSP client on StreamJsonRpc, talking to the server over in-process duplex pipes, as an editor talks to
/// <c>incept lsp</c> over stdio: requests with JSON parameters, and every diagnostics notification recorded.
/// </summary>
internal sealed class TestClient : IAsyncDisposable
{
    private readonly JsonRpc _rpc;
    private readonly ConcurrentQueue<JsonObject> _diagnostics = new();
    private readonly SemaphoreSlim _published = new(0);
    private readonly ConcurrentQueue<JsonObject> _architectures = new();

    private TestClient(Stream stream, Task<int> server)
    {
        Server = server;
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        _rpc = new JsonRpc(new HeaderDelimitedMessageHandler(stream, stream, formatter));
        _rpc.AddLocalRpcTarget(new Receiver(this));
        _rpc.StartListening();
    }

    public Task<int> Server { get; }

    /// <summary>Every diagnostics notification so far, in the order they came.</summary>
    public IReadOnlyList<JsonObject> Published => _diagnostics.ToList();

    public static TestClient Start(TimeSpan? debounce = null)
    {
        var (client, server) = FullDuplexStream.CreatePair();
        var log = new ServerLog(TextWriter.Null, null);
        var running = Task.Run(() => LanguageServerHost.RunAsync(server, server, log, debounce));
        return new TestClient(client, running);
    }

    public static async Task<TestClient> StartInitializedAsync(object? initializationOptions = null)
    {
        var client = Start();
        await client.RequestAsync("initialize", new { processId = (int?)null, rootUri = (string?)null, capabilities = new { }, initializationOptions });
        await client.NotifyAsync("initialized", new { });
        return client;
    }

    public async Task<JsonNode?> RequestAsync(string method, object? parameters, CancellationToken cancellation = default)
    {
        var result = await _rpc.InvokeWithParameterObjectAsync<JsonElement?>(method, parameters, cancellation);
        return result is { } element ? JsonNode.Parse(element.GetRawText()) : null;
    }

    public Task NotifyAsync(string method, object? parameters) => _rpc.NotifyWithParameterObjectAsync(method, parameters);

    public Task OpenAsync(string uri, string text, int version = 1) =>
        NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "incept", version, text } });

    public Task ChangeAsync(string uri, string text, int version) =>
        NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version }, contentChanges = new[] { new { text } } });

    /// <summary>
    /// Waits for diagnostics of <paramref name="uri"/> that satisfy <paramref name="accept"/>, among the notifications
    /// after the first <paramref name="after"/> (take <see cref="Published"/>'s count before the edit).
    /// </summary>
    public async Task<JsonObject> WaitForDiagnosticsAsync(string uri, Func<JsonObject, bool>? accept = null, int after = 0, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            var found = _diagnostics.Skip(after).LastOrDefault(d => (string?)d["uri"] == uri && (accept?.Invoke(d) ?? true));
            if (found is not null)
            {
                return found;
            }

            await _published.WaitAsync(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"no diagnostics for {uri} within {timeoutSeconds} s; got: {string.Join("\n", _diagnostics.Select(d => d.ToJsonString()))}");
    }

    /// <summary>Waits for an <c>incept/architectureChanged</c> notification of <paramref name="uri"/> at <paramref name="version"/>.</summary>
    public async Task<JsonObject> WaitForArchitectureAsync(string uri, int version, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            var found = _architectures.LastOrDefault(a => (string?)a["uri"] == uri && (int?)a["version"] == version);
            if (found is not null)
            {
                return found;
            }

            await _published.WaitAsync(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"no architecture of {uri} at version {version} within {timeoutSeconds} s");
    }

    private void ReceivedArchitecture(JsonElement parameters)
    {
        _architectures.Enqueue(JsonNode.Parse(parameters.GetRawText())!.AsObject());
        _published.Release();
    }

    private void Received(JsonElement parameters)
    {
        _diagnostics.Enqueue(JsonNode.Parse(parameters.GetRawText())!.AsObject());
        _published.Release();
    }

    public async ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        try
        {
            await Server.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }
    }

    private sealed class Receiver(TestClient client)
    {
        [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
        public void PublishDiagnostics(JsonElement parameters) => client.Received(parameters);

        [JsonRpcMethod("incept/architectureChanged", UseSingleObjectParameterDeserialization = true)]
        public void ArchitectureChanged(JsonElement parameters) => client.ReceivedArchitecture(parameters);
    }
}
