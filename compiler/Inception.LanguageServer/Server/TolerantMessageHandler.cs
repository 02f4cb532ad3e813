using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Inception.LanguageServer.Server;

/// <summary>
/// LSP's base protocol (Content-Length framing) that survives a bad message: StreamJsonRpc ends the connection
/// when a body is not a JSON-RPC message, while an editor's server must answer with a parse error and go on.
/// It also counts requests and answers written, so the server answers every request before it exits or lets
/// the end of its input close the connection.
/// </summary>
internal sealed class TolerantMessageHandler : HeaderDelimitedMessageHandler
{
    private readonly ServerLog _log;
    private int _requests;
    private int _written;

    /// <remarks>
    /// The pipes read and write their streams in the caller's own awaits (System.IO.Pipelines' stream adapters),
    /// not on a background copy task: once a flush completes the answer is in the output stream, so a server
    /// that exits right after answering has written what it counted (with a copy task, the last answers of
    /// a scripted session were sometimes lost when the process ended under load).
    /// </remarks>
    public TolerantMessageHandler(Stream writer, Stream reader, IJsonRpcMessageFormatter formatter, ServerLog log)
        : base(System.IO.Pipelines.PipeWriter.Create(writer), System.IO.Pipelines.PipeReader.Create(reader), formatter) => _log = log;

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var message = await base.ReadCoreAsync(cancellationToken).ConfigureAwait(false);
                if (message is JsonRpcRequest { IsResponseExpected: true })
                {
                    Interlocked.Increment(ref _requests);
                }

                return message;
            }
            catch (Exception exception) when (exception is System.Text.Json.JsonException or FormatException or InvalidOperationException or BadRpcHeaderException or NotSupportedException or ArgumentException)
            {
                _log.Write($"malformed message answered with a parse error: {exception.GetType().Name}: {exception.Message}");
                var error = new JsonRpcError
                {
                    RequestId = default,
                    Error = new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.ParseError, Message = "malformed message: " + exception.Message },
                };
                await WriteAsync(error, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public string Progress => $"{Volatile.Read(ref _written)} of {Volatile.Read(ref _requests)} requests answered";

    /// <summary>Waits until every request read so far has its answer written, or the time is up (disposing the handler flushes them).</summary>
    public async Task AnsweredAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref _written) < Volatile.Read(ref _requests) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>Writes out what the writer still holds and closes it, leaving the input alone (a pending read of stdin cannot be cancelled).</summary>
    public async Task CompleteWritingAsync(TimeSpan timeout)
    {
        if (Writer is { } writer)
        {
            await Task.WhenAny(writer.CompleteAsync().AsTask(), Task.Delay(timeout)).ConfigureAwait(false);
        }
    }

    protected override void Write(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        base.Write(content, cancellationToken);
        if (content is JsonRpcResult or JsonRpcError { RequestId.IsEmpty: false })
        {
            Interlocked.Increment(ref _written);
        }
    }
}
