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
/// </summary>
internal sealed class TolerantMessageHandler : HeaderDelimitedMessageHandler
{
    private readonly ServerLog _log;

    public TolerantMessageHandler(Stream writer, Stream reader, IJsonRpcMessageFormatter formatter, ServerLog log)
        : base(writer, reader, formatter) => _log = log;

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await base.ReadCoreAsync(cancellationToken).ConfigureAwait(false);
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
}
