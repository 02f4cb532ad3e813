using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;

namespace Inception.Compiler.Emit.Format;

/// <summary>The canonical text of a file, or, when the file does not parse, its syntax errors and no text.</summary>
public sealed record FormatResult(string? Text, EquatableArray<Diagnostic> Diagnostics);
