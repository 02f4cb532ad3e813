using System.Linq;
using Inception.Compiler.Services;
using Inception.Compiler.Syntax;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>In a block call, the block's parameters with the one being written highlighted (by position, or by name after <c>name=</c>).</summary>
public static class SignatureHelpFeature
{
    public static SignatureHelp? SignatureHelp(DocumentContext context, Position position)
    {
        var at = CompletionContext.At(context.Syntax, position);
        if (at.Place != CompletionPlace.CallArguments || context.Analysis.FindBlock(at.Callee!) is not { } found)
        {
            return null;
        }

        var names = found.Block.Parameters.Select(p => p.Name.Text).ToList();
        var parameters = found.Block.Parameters.Select(p => p.Name.Text + (p.Default is null ? string.Empty : "=" + p.Default)).ToList();
        var active = at.NamedArgument is { } named && names.IndexOf(named) is var index and >= 0 ? index : at.Argument;
        var label = found.Block.Name.Text + "(" + string.Join(", ", parameters) + ")";
        var signature = new SignatureInformation(label, parameters.Select(p => new ParameterInformation(p)).ToList(), ActiveParameter: active);
        return new SignatureHelp(new[] { signature }, 0, active);
    }
}
