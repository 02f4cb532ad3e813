using System.Collections.Generic;
using System.Linq;

namespace Inception.Compiler.Diagnostics;

/// <summary>Collects diagnostics so every phase can report several problems in one run.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Reports a diagnostic made by a factory of <see cref="Errors"/>, with its code's severity from <see cref="DiagnosticCatalog"/>.</summary>
    public void Report(SourceLocation location, DiagnosticMessage message, SourceLocation? related = null) =>
        _items.Add(message.At(location) with { Related = related });

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);
}
