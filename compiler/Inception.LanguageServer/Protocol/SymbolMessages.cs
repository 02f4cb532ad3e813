using System.Collections.Generic;

namespace Inception.LanguageServer.Protocol;

// Finding, renaming and outlining symbols: references, rename, document symbols, folding.

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
