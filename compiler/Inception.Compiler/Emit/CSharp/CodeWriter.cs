using System.Text;

namespace Inception.Compiler.Emit.CSharp;

/// <summary>Writes indented C# lines with LF endings, so the output is the same on every platform.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

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
