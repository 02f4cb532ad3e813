using System;
using System.Collections.Generic;
using System.Globalization;
using Inception.Compiler.Diagnostics;

namespace Inception.Compiler.Emit;

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

    /// <summary>The text of the comment that quotes the line (the writer adds the language's marker and cuts it to the width).</summary>
    public string Quote(SourceLocation location)
    {
        var line = _lines.TryGetValue(location.Path, out var lines) && location.Line - 1 < lines.Length ? lines[location.Line - 1].Trim() : string.Empty;
        var hash = line.IndexOf('#');
        if (hash >= 0)
        {
            line = line.Substring(0, hash).TrimEnd();
        }

        return $"{_displayPath(location.Path)}({location.Line.ToString(CultureInfo.InvariantCulture)}): {line}";
    }
}
