using System;
using System.Collections.Generic;
using System.Globalization;
using Inception.Compiler.Diagnostics;

namespace Inception.Compiler.Emit.CSharp;

/// <summary>Quotes the .incept line a part of the code came from, from the file it was written in (a block may come from an import).</summary>
internal sealed class SourceQuotes
{
    private readonly Dictionary<string, string[]> _lines = new(StringComparer.Ordinal);
    private readonly Func<string, string> _displayPath;

    public SourceQuotes(IEnumerable<CompiledSource> sources, Func<string, string> displayPath)
    {
        foreach (var source in sources)
        {
            _lines[source.Path] = source.Text.Replace("\r\n", "\n").Split('\n');
        }

        _displayPath = displayPath;
    }

    public string DisplayPath(string path) => _displayPath(path);

    /// <summary>The comment that quotes the line, cut with an ellipsis where it would pass <paramref name="room"/> columns.</summary>
    public string Comment(SourceLocation location, int room)
    {
        var line = _lines.TryGetValue(location.Path, out var lines) && location.Line - 1 < lines.Length ? lines[location.Line - 1].Trim() : string.Empty;
        var hash = line.IndexOf('#');
        if (hash >= 0)
        {
            line = line.Substring(0, hash).TrimEnd();
        }

        var comment = $"// {_displayPath(location.Path)}({location.Line.ToString(CultureInfo.InvariantCulture)}): {line}";
        return comment.Length <= room ? comment : comment.Substring(0, room - 4).TrimEnd() + " ...";
    }
}
