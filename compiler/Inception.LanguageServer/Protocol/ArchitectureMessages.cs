using System.Collections.Generic;
using System.Text.Json;

namespace Inception.LanguageServer.Protocol;

// The server's own requests for the architecture viewer (<c>incept/architecture</c>, <c>incept/architectureDiff</c>).

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
