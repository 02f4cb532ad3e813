namespace Inception.Compiler.Diagnostics;

/// <summary>A 1-based line and column in a .incept file, as MSBuild and editors count them.</summary>
public readonly record struct SourceLocation(string Path, int Line, int Column)
{
    public override string ToString() => $"{Path}({Line},{Column})";
}
