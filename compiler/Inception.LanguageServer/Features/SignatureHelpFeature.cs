using System.Linq;
using System.Text.RegularExpressions;
using Inception.Compiler.Syntax;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>In a block call, the block's parameters with the one being written highlighted (by position, or by name after <c>name=</c>).</summary>
public static class SignatureHelpFeature
{
    public static SignatureHelp? SignatureHelp(DocumentContext context, Position position)
    {
        var line = context.Syntax.Map.LineText(position.Line);
        var prefix = line.Substring(0, System.Math.Max(0, System.Math.Min(position.Column - 1, line.Length)));
        var depth = 0;
        var open = -1;
        for (var i = prefix.Length - 1; i >= 0 && open < 0; i--)
        {
            depth += prefix[i] == ')' ? 1 : prefix[i] == '(' ? -1 : 0;
            if (depth < 0)
            {
                open = i;
            }
        }

        if (open < 0 || Regex.Match(prefix.Substring(0, open).TrimEnd(), @"([A-Za-z_]\w*)$") is not { Success: true } callee)
        {
            return null;
        }

        if (context.Analysis.FindBlock(callee.Groups[1].Value) is not { } found)
        {
            return null;
        }

        var parameters = found.Block.Parameters.Select(p => p.Name.Text + (p.Default is null ? string.Empty : "=" + p.Default)).ToList();
        var arguments = prefix.Substring(open + 1);
        var commas = 0;
        var nesting = 0;
        var current = 0;
        for (var i = 0; i < arguments.Length; i++)
        {
            nesting += arguments[i] == '(' ? 1 : arguments[i] == ')' ? -1 : 0;
            if (arguments[i] == ',' && nesting == 0)
            {
                commas++;
                current = i + 1;
            }
        }

        var active = commas;
        if (Regex.Match(arguments.Substring(current), @"^\s*([A-Za-z_]\w*)\s*=") is { Success: true } named)
        {
            var index = found.Block.Parameters.Select(p => p.Name.Text).ToList().IndexOf(named.Groups[1].Value);
            active = index >= 0 ? index : active;
        }

        var label = found.Block.Name.Text + "(" + string.Join(", ", parameters) + ")";
        var signature = new SignatureInformation(label, parameters.Select(p => new ParameterInformation(p)).ToList(), ActiveParameter: active);
        return new SignatureHelp(new[] { signature }, 0, active);
    }
}
