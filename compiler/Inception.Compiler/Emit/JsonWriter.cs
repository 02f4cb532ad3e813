using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Inception.Compiler.Emit;

/// <summary>
/// A minimal JSON writer. The compiler targets netstandard2.0 and is loaded inside the Roslyn generator, where
/// every extra dependency has to ship beside it, so it writes JSON itself rather than depend on System.Text.Json.
/// </summary>
internal sealed class JsonWriter
{
    private readonly StringBuilder _text = new();
    private readonly Stack<bool> _first = new();
    private int _depth;

    public void BeginObject(string? name = null) => Open(name, '{');

    public void EndObject() => Close('}');

    public void BeginArray(string? name = null) => Open(name, '[');

    public void EndArray() => Close(']');

    public void Property(string name, string value) => Value(name, Quote(value));

    public void Property(string name, long value) => Value(name, value.ToString(CultureInfo.InvariantCulture));

    public void Property(string name, double value) => Value(name, value.ToString("R", CultureInfo.InvariantCulture));

    public void Property(string name, bool value) => Value(name, value ? "true" : "false");

    public void Numbers(string name, IEnumerable<int> values) => Value(name, "[" + string.Join(", ", values) + "]");

    public void Strings(string name, IEnumerable<string> values) => Value(name, "[" + string.Join(", ", System.Linq.Enumerable.Select(values, Quote)) + "]");

    /// <summary>A property whose value is absent writes nothing, so readers see the field only where it means something.</summary>
    public void OptionalProperty(string name, string? value)
    {
        if (value is not null)
        {
            Property(name, value);
        }
    }

    public override string ToString() => _text.ToString();

    private void Open(string? name, char bracket)
    {
        Prefix(name);
        _text.Append(bracket);
        _first.Push(true);
        _depth++;
    }

    private void Close(char bracket)
    {
        _depth--;
        var empty = _first.Pop();
        if (!empty)
        {
            NewLine();
        }

        _text.Append(bracket);
    }

    private void Value(string? name, string literal)
    {
        Prefix(name);
        _text.Append(literal);
    }

    private void Prefix(string? name)
    {
        if (_first.Count > 0)
        {
            if (!_first.Pop())
            {
                _text.Append(',');
            }

            _first.Push(false);
            NewLine();
        }

        if (name is not null)
        {
            _text.Append(Quote(name)).Append(": ");
        }
    }

    private void NewLine() => _text.Append('\n').Append(' ', 2 * _depth);

    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
