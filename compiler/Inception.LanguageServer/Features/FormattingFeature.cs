using System.Collections.Generic;
using Inception.Compiler.Emit.Format;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>Exactly what <c>incept fmt</c> writes, as one edit; a file the parser cannot read is left alone.</summary>
public static class FormattingFeature
{
    public static IReadOnlyList<TextEdit> Format(DocumentContext context)
    {
        if (context.Syntax.HasSyntaxErrors)
        {
            return new TextEdit[0];
        }

        var result = SourceFormatter.Format(context.Path, context.Analysis.Text);
        if (result.Text is null || result.Text == context.Analysis.Text)
        {
            return new TextEdit[0];
        }

        return new[] { new TextEdit(Lsp.Whole(context.Syntax.Map), result.Text) };
    }
}
