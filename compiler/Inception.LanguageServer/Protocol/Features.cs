using System.Collections.Generic;
using System.Text.Json;

namespace Inception.LanguageServer.Protocol;

public sealed record CodeDescription(string Href);

public sealed record DiagnosticRelatedInformation(LspLocation Location, string Message);

public sealed record LspDiagnostic(
    LspRange Range,
    int Severity,
    string Code,
    CodeDescription CodeDescription,
    string Source,
    string Message,
    IReadOnlyList<DiagnosticRelatedInformation>? RelatedInformation = null);

public sealed record PublishDiagnosticsParams(string Uri, int? Version, IReadOnlyList<LspDiagnostic> Diagnostics);

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

public sealed record ReferenceContext(bool IncludeDeclaration);

public sealed record ReferenceParams(TextDocumentIdentifier TextDocument, LspPosition Position, ReferenceContext? Context);

public sealed record RenameParams(TextDocumentIdentifier TextDocument, LspPosition Position, string NewName);

public sealed record PrepareRenameResult(LspRange Range, string Placeholder);

public sealed record ChangeAnnotation(string Label, bool NeedsConfirmation, string? Description = null);

public sealed record TextDocumentEdit(VersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextEdit> Edits);

public sealed record WorkspaceEdit(
    IReadOnlyList<TextDocumentEdit>? DocumentChanges = null,
    IReadOnlyDictionary<string, ChangeAnnotation>? ChangeAnnotations = null,
    IReadOnlyDictionary<string, IReadOnlyList<TextEdit>>? Changes = null);

public sealed record DocumentSymbolParams(TextDocumentIdentifier TextDocument);

public sealed record DocumentSymbol(string Name, string? Detail, int Kind, LspRange Range, LspRange SelectionRange, IReadOnlyList<DocumentSymbol>? Children = null);

public sealed record FoldingRangeParams(TextDocumentIdentifier TextDocument);

public sealed record FoldingRange(int StartLine, int EndLine, string? Kind = null);

public sealed record DocumentFormattingParams(TextDocumentIdentifier TextDocument);

public sealed record SemanticTokensParams(TextDocumentIdentifier TextDocument);

public sealed record SemanticTokens(IReadOnlyList<int> Data);

public sealed record CodeActionContext(IReadOnlyList<LspDiagnostic> Diagnostics);

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, LspRange Range, CodeActionContext Context);

public sealed record CodeAction(string Title, string Kind, IReadOnlyList<LspDiagnostic>? Diagnostics, WorkspaceEdit Edit, bool? IsPreferred = null);

/// <summary>The numbers LSP gives its enumerations.</summary>
public static class LspKinds
{
    public const int SeverityError = 1;
    public const int SeverityWarning = 2;

    public const int CompletionText = 1;
    public const int CompletionFunction = 3;
    public const int CompletionField = 5;
    public const int CompletionVariable = 6;
    public const int CompletionClass = 7;
    public const int CompletionModule = 9;
    public const int CompletionProperty = 10;
    public const int CompletionValue = 12;
    public const int CompletionKeyword = 14;
    public const int CompletionSnippet = 15;
    public const int CompletionFile = 17;

    public const int InsertPlainText = 1;
    public const int InsertSnippet = 2;

    public const int SymbolFile = 1;
    public const int SymbolModule = 2;
    public const int SymbolClass = 5;
    public const int SymbolField = 8;
    public const int SymbolFunction = 12;

    public const int InlayHintType = 1;
}

/// <summary><c>incept/architecture</c>: the document, and which of its networks (the first when absent).</summary>
public sealed record ArchitectureParams(TextDocumentIdentifier TextDocument, string? Network = null);

/// <summary>
/// The answer to <c>incept/architecture</c>, and the parameters of the <c>incept/architectureChanged</c>
/// notification sent after each analysis of a document the client asked about: the view model (null while the
/// document has errors), the networks of the document, and its error count.
/// </summary>
public sealed record ArchitectureResult(string Uri, int? Version, IReadOnlyList<string> Networks, string? Network, JsonElement? Model, int Errors);

/// <summary>
/// <c>incept/architectureDiff</c>: the document against another version of it: a file (<see cref="OtherUri"/>) or
/// a text (<see cref="OtherText"/>, such as the committed version), read as if it were at the document's path.
/// </summary>
public sealed record ArchitectureDiffParams(TextDocumentIdentifier TextDocument, string? OtherUri = null, string? OtherText = null);
