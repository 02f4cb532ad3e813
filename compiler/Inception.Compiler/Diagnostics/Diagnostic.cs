namespace Inception.Compiler.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>A located message with a stable INCnnnn code.</summary>
public sealed record Diagnostic(string Id, DiagnosticSeverity Severity, string Message, SourceLocation Location)
{
    /// <summary>The MSBuild canonical format, which IDEs and CI logs turn into clickable locations.</summary>
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return $"{Location.Path}({Location.Line},{Location.Column}): {severity} {Id}: {Message}";
    }
}
