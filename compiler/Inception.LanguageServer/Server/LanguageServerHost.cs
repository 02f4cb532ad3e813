using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.Threading;
using StreamJsonRpc;

namespace Inception.LanguageServer.Server;

/// <summary>
/// Runs the server over a pair of streams (stdin and stdout for <c>incept lsp</c>, in-memory pipes in tests)
/// with LSP's base protocol: Content-Length headers, JSON bodies through System.Text.Json.
/// </summary>
public static class LanguageServerHost
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(50);

    /// <summary>Serves until <c>exit</c>, the end of the input, or the parent's death; returns the exit code.</summary>
    public static async Task<int> RunAsync(Stream input, Stream output, ServerLog log, TimeSpan? debounce = null)
    {
        var server = new LanguageServer(log, debounce ?? DefaultDebounce);
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        formatter.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        formatter.JsonSerializerOptions.PropertyNameCaseInsensitive = true;
        var reader = new InputUntilAnswered(input);
        var handler = new TolerantMessageHandler(output, reader, formatter, log);
        reader.Answered = () => handler.AnsweredAsync(TimeSpan.FromSeconds(5));
        // LSP's messages are ordered (a didChange must not overtake the didOpen before it): handlers run one at a
        // time, in the order they came, on the thread pool; publishing diagnostics runs beside them.
        using var rpc = new JsonRpc(handler) { SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false) };
        rpc.AddLocalRpcTarget(server, new JsonRpcTargetOptions { AllowNonPublicInvocation = false, UseSingleObjectParameterDeserialization = true });
        rpc.CancelLocallyInvokedMethodsWhenConnectionIsClosed = true;
        server.Attach(rpc);
        rpc.StartListening();
        log.Write("incept language server listening");

        using var watch = new CancellationTokenSource();
        _ = WatchParentAsync(server, log, watch.Token);
        var ended = await Task.WhenAny(server.Exited, rpc.Completion).ConfigureAwait(false);
        watch.Cancel();
        if (ended == server.Exited)
        {
            // A client may send exit right behind shutdown: answer every request first.
            await handler.AnsweredAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            log.Write($"exit: {handler.Progress}");

            await handler.CompleteWritingAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            return await server.Exited.ConfigureAwait(false);
        }

        try
        {
            await rpc.Completion.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A broken connection ends the server; it is logged, not thrown.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            log.Write($"connection ended: {exception.GetType().Name}: {exception.Message}");
        }

        // The client went away without 'exit': LSP counts that as exit without shutdown.
        log.Write($"the client closed the connection: {handler.Progress}");
        return server.Exited.IsCompleted ? await server.Exited.ConfigureAwait(false) : 1;
    }

    /// <summary>Ends the server when the editor that started it dies, as LSP's processId asks.</summary>
    private static async Task WatchParentAsync(LanguageServer server, ServerLog log, CancellationToken cancellation)
    {
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation).ConfigureAwait(false);
                if (server.ParentProcessId is { } id && !IsAlive(id))
                {
                    log.Write($"parent process {id} is gone; exiting");
                    server.Exit(1);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsAlive(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
