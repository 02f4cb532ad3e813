using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Inception.LanguageServer.Features;
using Inception.LanguageServer.Protocol;
using Inception.LanguageServer.Services;
using StreamJsonRpc;

namespace Inception.LanguageServer.Server;

/// <summary>
/// The JSON-RPC face of the features: each method reads its parameters, asks the workspace for the analysis and
/// calls one feature function. Diagnostics are published after a short quiet time (the latest version wins, and
/// no older version is published after a newer one), for the edited file and the open files that import it.
/// </summary>
public sealed class LanguageServer
{
    /// <summary>LSP's ServerNotInitialized.</summary>
    public const int ServerNotInitialized = -32002;

    /// <summary>LSP's RequestFailed: a request about a document that is neither open nor on disk.</summary>
    public const int RequestFailed = -32803;

    private readonly Workspace _workspace = new();
    private readonly ServerLog _log;
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _published = new(StringComparer.Ordinal);

    /// <summary>The documents whose picture the client asked for, with the network it shows: each analysis sends it anew.</summary>
    private readonly ConcurrentDictionary<string, string?> _pictured = new(StringComparer.Ordinal);
    private readonly object _publishGate = new();
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsonRpc? _rpc;
    private bool _initialized;
    private bool _shutdown;
    private FeatureOptions _options = FeatureOptions.Default;

    public LanguageServer(ServerLog log, TimeSpan debounce)
    {
        _log = log;
        Debounce = debounce;
    }

    public TimeSpan Debounce { get; }

    /// <summary>Completes with the process's exit code: 0 after shutdown then exit, 1 for exit alone or a parent that died.</summary>
    public Task<int> Exited => _exit.Task;

    /// <summary>The parent's process id from <c>initialize</c>, watched so the server never outlives its editor.</summary>
    public int? ParentProcessId { get; private set; }

    public void Attach(JsonRpc rpc) => _rpc = rpc;

    public void Exit(int code) => _exit.TrySetResult(code);

    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams parameters)
    {
        ParentProcessId = parameters.ProcessId;
        _workspace.Root = parameters.RootUri is { } root ? DocumentUris.ToPath(root) : null;
        if (parameters.InitializationOptions is { ValueKind: JsonValueKind.Object } options
            && options.TryGetProperty("inlayHints", out var hints) && hints.ValueKind == JsonValueKind.False)
        {
            _options = _options with { InlayHints = false };
        }

        _initialized = true;
        _log.Write($"initialize: parent process {parameters.ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, inlay hints {(_options.InlayHints ? "on" : "off")}");
        return new InitializeResult(Capabilities.Server(_options), new ServerInfo("incept", typeof(LanguageServer).Assembly.GetName().Version?.ToString() ?? "0"));
    }

    [JsonRpcMethod("initialized", UseSingleObjectParameterDeserialization = true)]
    public void Initialized(JsonElement parameters)
    {
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        Require();
        _shutdown = true;
        return null;
    }

    [JsonRpcMethod("exit")]
    public void ExitNotification() => Exit(_shutdown ? 0 : 1);

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void DidOpen(DidOpenTextDocumentParams parameters)
    {
        if (!_initialized)
        {
            return;
        }

        var document = _workspace.Open(parameters.TextDocument.Uri, parameters.TextDocument.Text, parameters.TextDocument.Version);
        Changed(document.Path, immediately: true);
    }

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public void DidChange(DidChangeTextDocumentParams parameters)
    {
        if (!_initialized || parameters.ContentChanges.Count == 0)
        {
            return;
        }

        // Full sync: the last change holds the whole text.
        var document = _workspace.Open(parameters.TextDocument.Uri, parameters.ContentChanges[parameters.ContentChanges.Count - 1].Text, parameters.TextDocument.Version ?? 0);
        Changed(document.Path, immediately: false);
    }

    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    public void DidSave(DidSaveTextDocumentParams parameters)
    {
    }

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public void DidClose(DidCloseTextDocumentParams parameters)
    {
        if (!_initialized)
        {
            return;
        }

        var path = DocumentUris.ToPath(parameters.TextDocument.Uri);
        var dependents = _workspace.Dependents(path);
        _workspace.Close(parameters.TextDocument.Uri);
        _published.TryRemove(parameters.TextDocument.Uri, out _);
        _pictured.TryRemove(parameters.TextDocument.Uri, out _);
        _ = Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(parameters.TextDocument.Uri, null, new LspDiagnostic[0]));
        foreach (var dependent in dependents)
        {
            Schedule(dependent.Path, TimeSpan.Zero);
        }
    }

    [JsonRpcMethod("workspace/didChangeWatchedFiles", UseSingleObjectParameterDeserialization = true)]
    public void DidChangeWatchedFiles(DidChangeWatchedFilesParams parameters)
    {
        if (!_initialized)
        {
            return;
        }

        foreach (var change in parameters.Changes)
        {
            var path = DocumentUris.ToPath(change.Uri);
            var dependents = _workspace.Dependents(path);
            _workspace.ChangedOnDisk(change.Uri);
            foreach (var dependent in dependents)
            {
                Schedule(dependent.Path, TimeSpan.Zero);
            }
        }
    }

    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public Hover? Hover(TextDocumentPositionParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, context => HoverFeature.Hover(context, Lsp.FromLsp(parameters.Position)));

    [JsonRpcMethod("textDocument/inlayHint", UseSingleObjectParameterDeserialization = true)]
    public IReadOnlyList<InlayHint> InlayHint(InlayHintParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, context => InlayHintsFeature.InlayHints(context, Lsp.FromLsp(parameters.Range.Start), Lsp.FromLsp(parameters.Range.End)));

    [JsonRpcMethod("textDocument/codeLens", UseSingleObjectParameterDeserialization = true)]
    public IReadOnlyList<CodeLens> CodeLens(CodeLensParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, CodeLensFeature.CodeLenses);

    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    public CompletionList Completion(CompletionParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, context => CompletionFeature.Complete(context, Lsp.FromLsp(parameters.Position)));

    [JsonRpcMethod("textDocument/signatureHelp", UseSingleObjectParameterDeserialization = true)]
    public SignatureHelp? SignatureHelp(TextDocumentPositionParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, context => SignatureHelpFeature.SignatureHelp(context, Lsp.FromLsp(parameters.Position)));

    [JsonRpcMethod("textDocument/definition", UseSingleObjectParameterDeserialization = true)]
    public IReadOnlyList<LspLocation> Definition(TextDocumentPositionParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, context => NavigationFeature.Definition(context, Lsp.FromLsp(parameters.Position)));

    [JsonRpcMethod("textDocument/references", UseSingleObjectParameterDeserialization = true)]
    public IReadOnlyList<LspLocation> References(ReferenceParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, context => NavigationFeature.References(_workspace.WithImporters(context), Lsp.FromLsp(parameters.Position), parameters.Context?.IncludeDeclaration ?? true));

    [JsonRpcMethod("textDocument/prepareRename", UseSingleObjectParameterDeserialization = true)]
    public PrepareRenameResult PrepareRename(TextDocumentPositionParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, context =>
            NavigationFeature.PrepareRename(context, Lsp.FromLsp(parameters.Position), out var refusal) ?? throw Failed(refusal!));

    [JsonRpcMethod("textDocument/rename", UseSingleObjectParameterDeserialization = true)]
    public WorkspaceEdit Rename(RenameParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, context =>
            NavigationFeature.Rename(_workspace.WithImporters(context), Lsp.FromLsp(parameters.Position), parameters.NewName, out var refusal) ?? throw Failed(refusal!));

    [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
    public IReadOnlyList<DocumentSymbol> DocumentSymbol(DocumentSymbolParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, SymbolsFeature.DocumentSymbols);

    [JsonRpcMethod("textDocument/foldingRange", UseSingleObjectParameterDeserialization = true)]
    public IReadOnlyList<FoldingRange> FoldingRange(FoldingRangeParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, SymbolsFeature.FoldingRanges);

    [JsonRpcMethod("textDocument/formatting", UseSingleObjectParameterDeserialization = true)]
    public IReadOnlyList<TextEdit> Formatting(DocumentFormattingParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, FormattingFeature.Format);

    [JsonRpcMethod("textDocument/semanticTokens/full", UseSingleObjectParameterDeserialization = true)]
    public SemanticTokens SemanticTokens(SemanticTokensParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, SemanticTokensFeature.Tokens);

    [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
    public IReadOnlyList<CodeAction> CodeAction(CodeActionParams parameters, CancellationToken cancellation) =>
        With(parameters.TextDocument, cancellation, context => CodeActionsFeature.CodeActions(context, parameters.Context.Diagnostics));

    /// <summary>
    /// The document's view model for the editor's architecture view; from then on the server also sends
    /// <c>incept/architectureChanged</c> after each analysis of the document, so the picture follows every keystroke.
    /// </summary>
    [JsonRpcMethod("incept/architecture", UseSingleObjectParameterDeserialization = true)]
    public ArchitectureResult Architecture(ArchitectureParams parameters, CancellationToken cancellation)
    {
        var uri = parameters.TextDocument.Uri;
        var result = With(parameters.TextDocument, cancellation, context => ArchitectureFeature.Architecture(context, uri, _workspace.Document(DocumentUris.ToPath(uri))?.Version, parameters.Network));
        _pictured[uri] = result.Network;
        return result;
    }

    /// <summary>The visual diff from another version of the document (a file, or a text such as the committed one) to it.</summary>
    [JsonRpcMethod("incept/architectureDiff", UseSingleObjectParameterDeserialization = true)]
    public ArchitectureResult ArchitectureDiff(ArchitectureDiffParams parameters, CancellationToken cancellation)
    {
        var uri = parameters.TextDocument.Uri;
        var path = DocumentUris.ToPath(uri);
        var (otherPath, otherText) = parameters.OtherUri is { } other ? (DocumentUris.ToPath(other), ReadOther(DocumentUris.ToPath(other))) : (path, parameters.OtherText);
        if (otherText is null)
        {
            throw Failed("incept/architectureDiff needs otherUri or otherText");
        }

        return With(parameters.TextDocument, cancellation, context => ArchitectureFeature.Diff(context, uri, _workspace.Document(path)?.Version, otherPath, otherText));
    }

    private static string ReadOther(string path)
    {
        try
        {
            return Workspace.ReadOther(path);
        }
        catch (IOException exception)
        {
            throw Failed($"cannot read '{path}': {exception.Message}");
        }
    }

    /// <summary>The feature's answer for a document, open or on disk; an LSP error for one that is neither.</summary>
    private T With<T>(TextDocumentIdentifier document, CancellationToken cancellation, Func<DocumentContext, T> feature)
    {
        Require();
        cancellation.ThrowIfCancellationRequested();
        var context = Context(DocumentUris.ToPath(document.Uri));
        cancellation.ThrowIfCancellationRequested();
        return feature(context);
    }

    private DocumentContext Context(string path)
    {
        try
        {
            var analysis = _workspace.Analyze(path);
            var open = _workspace.OpenDocuments.Where(d => d.Path != path).Select(d => _workspace.Analyze(d.Path)).ToList();
            return new DocumentContext(analysis, open, _options);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Failed(exception.Message);
        }
    }

    private void Require()
    {
        if (!_initialized)
        {
            throw new LocalRpcException("the server is not initialized: send 'initialize' first") { ErrorCode = ServerNotInitialized };
        }
    }

    private static LocalRpcException Failed(string message) => new(message) { ErrorCode = RequestFailed };

    /// <summary>A file's text changed: re-check it and the open files that import it.</summary>
    private void Changed(string path, bool immediately)
    {
        Schedule(path, immediately ? TimeSpan.Zero : Debounce);
        foreach (var dependent in _workspace.Dependents(path))
        {
            Schedule(dependent.Path, immediately ? TimeSpan.Zero : Debounce);
        }
    }

    private void Schedule(string path, TimeSpan delay)
    {
        var source = new CancellationTokenSource();
        var previous = _pending.AddOrUpdate(path, source, (_, old) =>
        {
            old.Cancel();
            return source;
        });
        _ = Task.Run(async () =>
        {
            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, source.Token).ConfigureAwait(false);
                }

                await PublishAsync(path, source.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
#pragma warning disable CA1031 // A failed publication is logged; the server goes on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _log.Write($"publishing diagnostics for {path} failed: {exception.GetType().Name}: {exception.Message}");
            }
        });
    }

    private async Task PublishAsync(string path, CancellationToken cancellation)
    {
        var document = _workspace.Document(path);
        if (document is null)
        {
            return;
        }

        var context = Context(path);
        cancellation.ThrowIfCancellationRequested();
        var diagnostics = DiagnosticsFeature.Diagnostics(context);
        Task send;
        lock (_publishGate)
        {
            // The latest version wins: an analysis of an older text is never published after a newer one.
            var current = _workspace.Document(path);
            if (current != document)
            {
                return;
            }

            if (_published.TryGetValue(document.Uri, out var last) && last > document.Version)
            {
                return;
            }

            _published[document.Uri] = document.Version;
            send = Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(document.Uri, document.Version, diagnostics));
        }

        await send.ConfigureAwait(false);

        if (_pictured.TryGetValue(document.Uri, out var network))
        {
            await Notify("incept/architectureChanged", ArchitectureFeature.Architecture(context, document.Uri, document.Version, network)).ConfigureAwait(false);
        }

        // The diagnostics are out; build the indexes hover, hints and completion read before they are asked for.
        _ = context.Analysis.Syntax;
        _ = context.Analysis.Instances;
    }

    private Task Notify(string method, object parameters) =>
        _rpc is null ? Task.CompletedTask : _rpc.NotifyWithParameterObjectAsync(method, parameters);
}
