using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Services;
using Inception.Compiler.Syntax;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Features;

/// <summary>The outline: networks and blocks with their named layers nested as written; folding for every braced body and run of comments.</summary>
public static class SymbolsFeature
{
    public static IReadOnlyList<DocumentSymbol> DocumentSymbols(DocumentContext context)
    {
        var syntax = context.Syntax;
        var symbols = new List<DocumentSymbol>();
        foreach (var declaration in syntax.Declarations)
        {
            var (name, kind, detail, nameAt) = declaration.Declaration switch
            {
                NetworkDeclaration network => (network.Name.Text, LspKinds.SymbolClass, "network", network.Name.Position),
                BlockDeclaration block => (block.Name.Text, LspKinds.SymbolFunction, "block " + HoverFeature.Signature(block.Name.Text, block), block.Name.Position),
                _ => (string.Empty, 0, string.Empty, declaration.Start),
            };
            if (kind == 0)
            {
                continue;
            }

            var range = Lsp.Range(declaration.Start, declaration.BodyEnd ?? declaration.HeadEnd);
            var children = Children(syntax, declaration.Start, declaration.BodyEnd ?? declaration.HeadEnd, 1);
            symbols.Add(new DocumentSymbol(name, detail, kind, range, Lsp.Range(nameAt, name.Length), children));
        }

        return symbols;
    }

    /// <summary>The named statements at <paramref name="depth"/> within the range, each with its own named children.</summary>
    private static List<DocumentSymbol> Children(SyntaxIndex syntax, Position start, Position end, int depth)
    {
        var result = new List<DocumentSymbol>();
        foreach (var statement in syntax.Statements.Where(s => s.Depth == depth && SyntaxIndex.Within(s.Start, start, end)))
        {
            var names = statement.Statement switch
            {
                OperationStatement operation => operation.Names.ToList(),
                CallStatement { Name: { } name } => new List<Identifier> { name },
                SequenceStatement { Name: { } name } => new List<Identifier> { name },
                FactorizeStatement factorize => factorize.Names.ToList(),
                _ => new List<Identifier>(),
            };
            var statementEnd = statement.BodyEnd ?? statement.HeadEnd;
            var inner = statement.BodyEnd is null ? new List<DocumentSymbol>() : Children(syntax, statement.Start, statementEnd, depth + 1);
            if (names.Count == 0)
            {
                // Anonymous structure (concat, an unnamed branch): its layers belong to the module around it.
                result.AddRange(inner);
                continue;
            }

            var detail = statement.Statement switch
            {
                OperationStatement operation => operation.Operation.Text,
                CallStatement call => call.Callee.Text + "(...)",
                FactorizeStatement => "factorize",
                _ => "sequence",
            };
            foreach (var name in names)
            {
                var kind = statement.Statement is CallStatement or SequenceStatement ? LspKinds.SymbolModule : LspKinds.SymbolField;
                result.Add(new DocumentSymbol(name.Text, detail, kind, Lsp.Range(statement.Start, statementEnd), Lsp.Range(name.Position, name.Text.Length), inner.Count == 0 ? null : inner));
            }
        }

        return result;
    }

    public static IReadOnlyList<FoldingRange> FoldingRanges(DocumentContext context)
    {
        var syntax = context.Syntax;
        var ranges = new List<FoldingRange>();
        foreach (var (open, close) in syntax.Declarations.Select(d => (d.BodyOpen, d.BodyEnd)).Concat(syntax.Statements.Select(s => (s.BodyOpen, s.BodyEnd))))
        {
            if (open is { } o && close is { } c && c.Line > o.Line)
            {
                ranges.Add(new FoldingRange(o.Line - 1, c.Line - 2 >= o.Line - 1 ? c.Line - 2 : o.Line - 1));
            }
        }

        // A run of whole-line comments folds as one.
        var comments = syntax.Tokens.Where(t => t.Kind == TokenKind.Comment && t.Column == FirstColumn(syntax, t.Line)).Select(t => t.Line).ToList();
        for (var i = 0; i < comments.Count;)
        {
            var j = i;
            while (j + 1 < comments.Count && comments[j + 1] == comments[j] + 1)
            {
                j++;
            }

            if (j > i)
            {
                ranges.Add(new FoldingRange(comments[i] - 1, comments[j] - 1, "comment"));
            }

            i = j + 1;
        }

        return ranges;
    }

    private static int FirstColumn(SyntaxIndex syntax, int line)
    {
        var text = syntax.Map.LineText(line);
        return text.Length - text.TrimStart().Length + 1;
    }
}
