using System.Collections.Generic;
using System.Text;

namespace Inception.Compiler.Emit.CSharp;

/// <summary>The source writer for C#, with the brace and documentation-comment forms C# needs.</summary>
internal sealed class CodeWriter : SourceWriter
{
    public CodeWriter()
        : base(SourceLanguage.CSharp)
    {
    }

    public new CodeWriter Line(string line = "")
    {
        base.Line(line);
        return this;
    }

    public new CodeWriter Lines(string text)
    {
        base.Lines(text);
        return this;
    }

    /// <summary>A documentation comment: the text broken at spaces into <c>///</c> lines within <see cref="SourceWriter.MaxWidth"/>.</summary>
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

    /// <summary>Writes a header (continuation lines indented once more), an opening brace, and indents.</summary>
    public CodeWriter Open(string header, params string[] continuation)
    {
        Line(header);
        foreach (var line in continuation)
        {
            Line("    " + line);
        }

        Line("{");
        Indent++;
        return this;
    }

    /// <summary>A constructor: its parameters on a line of their own when the header would pass <see cref="SourceWriter.MaxWidth"/>.</summary>
    public CodeWriter Open(string className, IEnumerable<string> parameters, string initializer)
    {
        var list = string.Join(", ", parameters);
        var header = $"public {className}({list})";
        return header.Length <= Room ? Open(header, initializer) : Open($"public {className}(", list + ")", initializer);
    }

    public CodeWriter Close(string suffix = "")
    {
        Indent--;
        return Line("}" + suffix);
    }
}
