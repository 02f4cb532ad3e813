using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

// The LSP 3.17 types this server uses, as plain records; property names follow the specification (camelCase
// on the wire), and absent optional properties are left out of the JSON.
namespace Inception.LanguageServer.Protocol;

public sealed record LspPosition(int Line, int Character);

public sealed record LspRange(LspPosition Start, LspPosition End);

public sealed record LspLocation(string Uri, LspRange Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int? Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, LspPosition Position);

public sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

public sealed record TextDocumentContentChangeEvent(string Text, LspRange? Range = null);

public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextDocumentContentChangeEvent> ContentChanges);

public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

public sealed record DidSaveTextDocumentParams(TextDocumentIdentifier TextDocument);

public sealed record FileEvent(string Uri, int Type);

public sealed record DidChangeWatchedFilesParams(IReadOnlyList<FileEvent> Changes);

public sealed record MarkupContent(string Kind, string Value)
{
    public static MarkupContent Markdown(string value) => new("markdown", value);
}

public sealed record TextEdit(LspRange Range, string NewText, string? AnnotationId = null);

public sealed record Command(string Title, [property: JsonPropertyName("command")] string CommandName, IReadOnlyList<object>? Arguments = null);

public sealed record InitializeParams(int? ProcessId, string? RootUri, JsonElement? InitializationOptions, JsonElement? Capabilities);

public sealed record ServerInfo(string Name, string Version);

public sealed record InitializeResult(object Capabilities, ServerInfo ServerInfo);

public sealed record CancelParams(JsonElement Id);
