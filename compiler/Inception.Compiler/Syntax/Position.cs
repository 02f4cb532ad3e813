namespace Inception.Compiler.Syntax;

/// <summary>A 1-based line and column inside the file being parsed (the path is known by the file node).</summary>
public readonly record struct Position(int Line, int Column);
