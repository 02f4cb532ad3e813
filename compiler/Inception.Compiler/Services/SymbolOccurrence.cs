using Inception.Compiler.Syntax;

namespace Inception.Compiler.Services;

/// <summary>
/// One name as written: what it is, where (1-based start, length in UTF-16 code units) and in which scope. For
/// a parameter the scope is its block; for an option the op it belongs to; for a named block argument
/// (<c>inception_a(pool_features=32)</c>) the parameter's block.
/// </summary>
public sealed record SymbolOccurrence(SymbolKind Kind, string Name, Position Start, int Length, bool IsDefinition, string? Scope)
{
    public bool Contains(Position position) =>
        position.Line == Start.Line && position.Column >= Start.Column && position.Column <= Start.Column + Length;
}
