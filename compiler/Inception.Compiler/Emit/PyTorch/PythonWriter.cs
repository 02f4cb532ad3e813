using System.Text;

namespace Inception.Compiler.Emit.PyTorch;

/// <summary>Writes indented Python lines (four spaces, LF endings).</summary>
internal sealed class PythonWriter
{
    private readonly StringBuilder _text = new();

    public int Indent { get; set; }

    public PythonWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', 4 * Indent).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    public PythonWriter Lines(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n'))
        {
            Line(line);
        }

        return this;
    }

    public override string ToString() => _text.ToString();
}
