using System;
using System.Collections.Generic;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Services;

/// <summary>
/// Where each line of a text starts, so that the compiler's 1-based line and column (one column per UTF-16 code
/// unit, as C# strings and LSP count) and character offsets convert both ways. Out-of-range places are clamped,
/// because an editor may ask about a place a newer edit has removed.
/// </summary>
public sealed class SourceMap
{
    private readonly int[] _lineStarts;

    public SourceMap(string text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = starts.ToArray();
    }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>The offset of a 1-based line and column.</summary>
    public int Offset(Position position)
    {
        var line = Math.Max(1, Math.Min(position.Line, LineCount));
        var start = _lineStarts[line - 1];
        return Math.Min(start + Math.Max(0, position.Column - 1), LineEnd(line));
    }

    /// <summary>The 1-based line and column of an offset.</summary>
    public Position PositionOf(int offset)
    {
        offset = Math.Max(0, Math.Min(offset, Text.Length));
        var index = Array.BinarySearch(_lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return new Position(line + 1, offset - _lineStarts[line] + 1);
    }

    /// <summary>The offset just past the last character of a 1-based line, before its line break.</summary>
    public int LineEnd(int line)
    {
        line = Math.Max(1, Math.Min(line, LineCount));
        var end = line < LineCount ? _lineStarts[line] - 1 : Text.Length;
        if (end > _lineStarts[line - 1] && end - 1 < Text.Length && end - 1 >= 0 && Text[end - 1] == '\r')
        {
            end--;
        }

        return end;
    }

    /// <summary>The text of a 1-based line without its line break.</summary>
    public string LineText(int line)
    {
        line = Math.Max(1, Math.Min(line, LineCount));
        var start = _lineStarts[line - 1];
        return Text.Substring(start, LineEnd(line) - start);
    }

    /// <summary>The end of the file as a 1-based position.</summary>
    public Position End => PositionOf(Text.Length);
}
