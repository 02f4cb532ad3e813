using System.Collections.Generic;
using System.Text;

namespace Inception.Compiler.Emit;

/// <summary>
/// Writes generated source, C# or Python: four-space indentation, LF endings, comments prefixed by the
/// language, and code lines kept within <see cref="MaxWidth"/> columns by breaking them at their brackets
/// (<see cref="LineBreaker"/>) as they are written, so no printer rewrites a line after emitting it.
/// </summary>
internal class SourceWriter
{
    /// <summary>The column generated lines stay within where they can be broken.</summary>
    public const int MaxWidth = 120;

    private readonly StringBuilder _text = new();

    public SourceWriter(SourceLanguage language) => Language = language;

    public SourceLanguage Language { get; }

    public int Indent { get; set; }

    /// <summary>How many characters a line of this level has before it reaches <see cref="MaxWidth"/>.</summary>
    public int Room => MaxWidth - (4 * Indent);

    /// <summary>A code line, broken at its brackets where it would pass <see cref="MaxWidth"/>.</summary>
    public SourceWriter Line(string line = "")
    {
        if (line.Length <= Room)
        {
            return Raw(line);
        }

        // A line's own leading indentation counts as levels, so its broken parts indent from it.
        var levels = (line.Length - line.TrimStart(' ').Length) / 4;
        foreach (var (depth, text) in LineBreaker.Break(line.Substring(4 * levels), Room - (4 * levels), Language))
        {
            Raw(new string(' ', 4 * (levels + depth)) + text);
        }

        return this;
    }

    /// <summary>A comment line: the text after the language's marker, cut with an ellipsis where it would pass the width.</summary>
    public SourceWriter Comment(string text)
    {
        var comment = Language.CommentPrefix + " " + text;
        return Raw(comment.Length <= Room ? comment : comment.Substring(0, Room - 4).TrimEnd() + " ...");
    }

    /// <summary>A blank line, unless the text is empty or already ends with one.</summary>
    public SourceWriter Blank()
    {
        if (_text.Length > 0 && !EndsWithBlankLine())
        {
            _text.Append('\n');
        }

        return this;
    }

    /// <summary>A template's lines, each indented to the current level plus its own indentation, and broken like any line.</summary>
    public SourceWriter Lines(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n'))
        {
            Line(line);
        }

        return this;
    }

    public override string ToString() => _text.ToString();

    private SourceWriter Raw(string line)
    {
        if (line.Length > 0)
        {
            _text.Append(' ', 4 * Indent).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    private bool EndsWithBlankLine() => _text.Length >= 2 && _text[_text.Length - 1] == '\n' && _text[_text.Length - 2] == '\n';
}

/// <summary>
/// Breaks a code line that is too long at the bracket pair that closes it: the head up to the opening bracket,
/// the items (split at the commas between them, each broken again if needed), and the closing bracket. A chain
/// of single items (<c>nn.Sequential(OrderedDict([</c>) opens on one line.
/// </summary>
internal static class LineBreaker
{
    public static IEnumerable<(int Depth, string Text)> Break(string line, int room, SourceLanguage language)
    {
        if (line.Length <= room || line.TrimStart().StartsWith(language.CommentPrefix, System.StringComparison.Ordinal) || Split(line) is not { } split)
        {
            yield return (0, line);
            yield break;
        }

        var (head, items, tail) = split;
        yield return (0, head);
        var joined = string.Join(", ", items);
        if (language.JoinWhenFits && joined.Length <= room - 4)
        {
            yield return (1, language.ClosingOnOwnLine ? joined : joined + tail);
        }
        else
        {
            for (var i = 0; i < items.Count; i++)
            {
                var last = i == items.Count - 1;
                var item = items[i] + (!last || language.TrailingComma ? "," : string.Empty) + (last && !language.ClosingOnOwnLine ? tail : string.Empty);
                foreach (var (depth, text) in Break(item, room - 4, language))
                {
                    yield return (depth + 1, text);
                }
            }
        }

        if (language.ClosingOnOwnLine)
        {
            yield return (0, tail);
        }
    }

    /// <summary>The line as head, items and tail at the first bracket whose partner closes the line (only closing punctuation after it); null when there is none.</summary>
    private static (string Head, List<string> Items, string Tail)? Split(string line)
    {
        var open = -1;
        var close = -1;
        foreach (var (i, c, depth) in Code(line))
        {
            if (c is '(' or '[' or '{' && depth == 0 && open < 0)
            {
                open = i;
            }
            else if (c is ')' or ']' or '}' && depth == 1 && open >= 0 && close < 0)
            {
                close = i;
                if (!OnlyClosing(line, i + 1))
                {
                    // Not the pair that closes the line: look for a later one.
                    open = -1;
                    close = -1;
                }
            }
        }

        if (open < 0 || close < 0 || close == open + 1)
        {
            return null;
        }

        var head = line.Substring(0, open + 1);
        var tail = line.Substring(close);
        var items = Items(line.Substring(open + 1, close - open - 1));

        // nn.Sequential(OrderedDict([ ... ])): a single item that is itself a call closing at its end opens with its head.
        if (items.Count == 1 && Split(items[0]) is { } inner)
        {
            head += inner.Head;
            tail = inner.Tail + tail;
            items = inner.Items;
        }

        return (head, items, tail);
    }

    private static bool OnlyClosing(string line, int from)
    {
        for (var i = from; i < line.Length; i++)
        {
            if (line[i] is not (')' or ']' or '}' or ';' or ':' or ','))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text split at its top-level commas (outside brackets and strings).</summary>
    private static List<string> Items(string text)
    {
        var items = new List<string>();
        var start = 0;
        foreach (var (i, c, depth) in Code(text))
        {
            if (c == ',' && depth == 0)
            {
                items.Add(text.Substring(start, i - start).Trim());
                start = i + 1;
            }
        }

        items.Add(text.Substring(start).Trim());
        return items;
    }

    /// <summary>The characters outside string literals, each with the bracket depth before it.</summary>
    private static IEnumerable<(int Index, char Char, int Depth)> Code(string text)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
                continue;
            }

            yield return (i, c, depth);
            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
        }
    }
}
