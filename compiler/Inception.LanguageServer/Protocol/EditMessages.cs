using System.Collections.Generic;

namespace Inception.LanguageServer.Protocol;

// Whole-document requests: formatting, semantic tokens and code actions.

public sealed record DocumentFormattingParams(TextDocumentIdentifier TextDocument);

public sealed record SemanticTokensParams(TextDocumentIdentifier TextDocument);

public sealed record SemanticTokens(IReadOnlyList<int> Data);

public sealed record CodeActionContext(IReadOnlyList<LspDiagnostic> Diagnostics);

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, LspRange Range, CodeActionContext Context);

public sealed record CodeAction(string Title, string Kind, IReadOnlyList<LspDiagnostic>? Diagnostics, WorkspaceEdit Edit, bool? IsPreferred = null);
