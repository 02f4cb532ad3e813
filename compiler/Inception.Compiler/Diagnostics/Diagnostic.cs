namespace Inception.Compiler.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>A located message with a stable INCnnnn code.</summary>
public sealed record Diagnostic(string Id, DiagnosticSeverity Severity, string Message, SourceLocation Location)
{
    /// <summary>A second place the message concerns, where the compiler knows one: the '{' a missing '}' leaves open, the block a bad call names.</summary>
    public SourceLocation? Related { get; init; }

    /// <summary>The MSBuild canonical format, which IDEs and CI logs turn into clickable locations.</summary>
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return $"{Location.Path}({Location.Line},{Location.Column}): {severity} {Id}: {Message}";
    }
}
