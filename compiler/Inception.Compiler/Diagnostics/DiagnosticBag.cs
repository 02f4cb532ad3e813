using System.Collections.Generic;
using System.Linq;

namespace Inception.Compiler.Diagnostics;

/// <summary>Collects diagnostics so every phase can report several problems in one run.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Any(d => d.Severity == DiagnosticSeverity.Error);

    public void Error(string id, SourceLocation location, string message, SourceLocation? related = null) =>
        _items.Add(new Diagnostic(id, DiagnosticSeverity.Error, message, location) { Related = related });

    public void Warning(string id, SourceLocation location, string message) =>
        _items.Add(new Diagnostic(id, DiagnosticSeverity.Warning, message, location));

    /// <summary>Reports a diagnostic with its code's severity from <see cref="DiagnosticCatalog"/>.</summary>
    public void Report(string id, SourceLocation location, string message) =>
        _items.Add(new Diagnostic(id, DiagnosticCatalog.For(id).Severity, message, location));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);
}
