using System.Collections.Generic;

namespace Inception.Compiler.Emit.Format;

/// <summary>One output line: its brace depth and the indexes of its tokens; no tokens is a blank line.</summary>
internal sealed record LayoutLine(int Depth, IReadOnlyList<int> Tokens)
{
    public static LayoutLine Blank { get; } = new(0, System.Array.Empty<int>());

    public bool IsBlank => Tokens.Count == 0;
}
