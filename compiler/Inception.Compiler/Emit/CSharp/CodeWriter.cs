using System.Collections.Generic;
using System.Text;

namespace Inception.Compiler.Emit.CSharp;

/// <summary>Writes indented C# lines with LF endings, so the output is the same on every platform.</summary>
internal sealed class CodeWriter
{
    /// <summary>The column generated lines stay within where they can be broken.</summary>
    public const int MaxWidth = 120;

    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>How many characters a line of this level has before it reaches <see cref="MaxWidth"/>.</summary>
    public int Room => MaxWidth - (4 * _indent);

    /// <summary>A documentation comment: the text broken at spaces into <c>///</c> lines within <see cref="MaxWidth"/>.</summary>
    public CodeWriter Doc(string text)
    {
        var line = new StringBuilder("///");
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 3 && line.Length + 1 + word.Length > Room)
            {
                Line(line.ToString());
                line.Clear().Append("///");
            }

            line.Append(' ').Append(word);
        }

        return Line(line.ToString());
    }

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', 4 * _indent).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    /// <summary>Writes a header (continuation lines indented once more), an opening brace, and indents.</summary>
    public CodeWriter Open(string header, params string[] continuation)
    {
        Line(header);
        foreach (var line in continuation)
        {
            Line("    " + line);
        }

        Line("{");
        _indent++;
        return this;
    }

    /// <summary>A constructor: its parameters on a line of their own when the header would pass <see cref="MaxWidth"/>.</summary>
    public CodeWriter Open(string className, IEnumerable<string> parameters, string initializer)
    {
        var list = string.Join(", ", parameters);
        var header = $"public {className}({list})";
        return header.Length <= Room ? Open(header, initializer) : Open($"public {className}(", list + ")", initializer);
    }

    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>Writes text made by another writer, indented to the current level.</summary>
    public CodeWriter Lines(string text)
    {
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            Line(line);
        }

        return this;
    }

    public override string ToString() => _text.ToString();
}
