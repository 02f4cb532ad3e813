using System.Collections.Generic;

namespace Inception.LanguageServer.Protocol;

// The diagnostics the server publishes (<c>textDocument/publishDiagnostics</c>).

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
