using System.Linq;
using System.Text;
using Inception.Compiler.Collections;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Emit.Format;

/// <summary>
/// The canonical layout of a .incept file (<c>incept fmt</c>). It changes blanks and line breaks only, never a
/// token, and keeps every comment. The rules:
/// <list type="bullet">
/// <item>Two spaces of indentation per enclosing brace; comments on their own line are indented like code.</item>
/// <item>Line breaks stay where the author wrote them (a statement cannot span lines, and statements joined by
/// ';' stay joined). A body written on one line stays on one line, as <c>{ a; b }</c>; a body that spans lines
/// gets its '{' at the end of the opening line and its '}' alone on the last.</item>
/// <item>One space between tokens, except none before ',', ';' and ')', none after '(', none inside
/// <c>{}</c>, and none around the '=' of options and arguments (<c>stride=2</c>, <c>b(width=64)</c>); the
/// naming '=' gets one on each side (<c>conv1 = conv 64 7x7</c>). A '(' touching a name stays touching it (a
/// block call) and one after a blank gets one space (<c>conv (c + 1) / 2 1x1</c>), because the parser tells the
/// two apart by that blank; <c>block NAME(...)</c> headers always touch.</item>
/// <item>An end-of-line comment keeps its column, at least two spaces after the code.</item>
/// <item>Blank lines: at most one in a row, none at the ends of the file or of a body, one between top-level
/// declarations unless both are one line long; the file ends in one newline.</item>
/// </list>
/// </summary>
public static class SourceFormatter
{
    /// <summary>The formatted text, or the syntax errors of a file that does not parse (it is not formatted then).</summary>
    public static FormatResult Format(string path, string text)
    {
        var errors = SyntaxErrors.Of(Parser.ParseFile(path, text)).ToEquatableArray();
        return errors.Count > 0 ? new FormatResult(null, errors) : new FormatResult(Layout(text), errors);
    }

    private static string Layout(string text)
    {
        var roles = new TokenRoles(Tokenizer.Tokenize(text));
        var output = new StringBuilder();
        foreach (var line in BlankLines.Normalize(LineBreaker.Lines(roles), roles))
        {
            var start = output.Length;
            output.Append(' ', line.IsBlank ? 0 : 2 * line.Depth);
            for (var k = 0; k < line.Tokens.Count; k++)
            {
                if (k > 0)
                {
                    output.Append(' ', Spacing.Between(line.Tokens[k - 1], line.Tokens[k], output.Length - start, roles));
                }

                output.Append(roles.Tokens[line.Tokens[k]].Text);
            }

            output.Append('\n');
        }

        return output.ToString();
    }
}
