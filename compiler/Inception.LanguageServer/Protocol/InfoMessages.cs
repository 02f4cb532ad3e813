using System.Collections.Generic;

namespace Inception.LanguageServer.Protocol;

// What the editor shows beside the text: hover, inlay hints, code lenses, completion and signature help.

public sealed record Hover(MarkupContent Contents, LspRange? Range = null);

public sealed record InlayHintParams(TextDocumentIdentifier TextDocument, LspRange Range);

public sealed record InlayHint(LspPosition Position, string Label, int? Kind = null, bool? PaddingLeft = null, MarkupContent? Tooltip = null);

public sealed record CodeLensParams(TextDocumentIdentifier TextDocument);

public sealed record CodeLens(LspRange Range, Command? Command = null);

public sealed record CompletionParams(TextDocumentIdentifier TextDocument, LspPosition Position);

public sealed record CompletionItem(
    string Label,
    int Kind,
    string? Detail = null,
    MarkupContent? Documentation = null,
    string? InsertText = null,
    int? InsertTextFormat = null,
    string? SortText = null);

public sealed record CompletionList(bool IsIncomplete, IReadOnlyList<CompletionItem> Items);

public sealed record ParameterInformation(string Label, MarkupContent? Documentation = null);

public sealed record SignatureInformation(string Label, IReadOnlyList<ParameterInformation> Parameters, MarkupContent? Documentation = null, int? ActiveParameter = null);

public sealed record SignatureHelp(IReadOnlyList<SignatureInformation> Signatures, int ActiveSignature, int ActiveParameter);
