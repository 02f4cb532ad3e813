using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Ops;
using Inception.Compiler.Semantics;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Services;

/// <summary>
/// A statement with its place: the block or network around it, where it starts (at its first name, if any),
/// where its head line ends and, when it has a body, where the body's braces are.
/// </summary>
public sealed record StatementEntry(StatementSyntax Statement, string? Block, string? Network, Position Start, Position HeadEnd, Position? BodyOpen, Position? BodyEnd, int Depth)
{
    /// <summary>The place the compiler reports and locates the statement's IR at: its op or callee, after any names.</summary>
    public Position Anchor => Statement.Position;
}

/// <summary>A declaration with its name and the braces of its body (absent for an import or a declaration whose braces are broken).</summary>
public sealed record DeclarationEntry(DeclarationSyntax Declaration, string Name, Position Start, Position HeadEnd, Position? BodyOpen, Position? BodyEnd);

/// <summary>An argument expression (a width, a block argument) with its extent and the block whose parameters it sees.</summary>
public sealed record ExpressionEntry(ExpressionSyntax Expression, Position Start, Position End, string? Block, StatementSyntax Statement);

/// <summary>An <c>import</c> with the full path of the file it names.</summary>
public sealed record ImportEntry(ImportDeclaration Import, Position Start, Position End, string TargetPath);

/// <summary>
/// Everything an editor asks of one file's syntax, in one pass: each name with its role, each statement and
/// declaration with its extent, each argument expression, each import. Built from the parsed tree and the
/// compiler's token stream (comments included), so positions are the compiler's own.
/// </summary>
public sealed class SyntaxIndex
{
    private readonly List<SymbolOccurrence> _occurrences = new();
    private readonly List<StatementEntry> _statements = new();
    private readonly List<DeclarationEntry> _declarations = new();
    private readonly List<ExpressionEntry> _expressions = new();
    private readonly List<ImportEntry> _imports = new();
    private readonly Dictionary<(int Line, int Column), int> _tokenAt = new();
    private readonly IReadOnlyDictionary<int, int> _matchingBrace;
    private readonly Dictionary<string, BlockDeclaration> _blocks = new(System.StringComparer.Ordinal);

    // By line, so that a question about a place looks at that line only, whatever the size of the file.
    private readonly Dictionary<int, List<SymbolOccurrence>> _occurrencesByLine = new();
    private readonly Dictionary<int, List<StatementEntry>> _statementsByLine = new();
    private readonly Dictionary<int, List<ExpressionEntry>> _expressionsByLine = new();

    private SyntaxIndex(ParsedSource source)
    {
        Source = source;
        Map = new SourceMap(source.Text);
        Tokens = Tokenizer.Tokenize(source.Text);
        for (var i = 0; i < Tokens.Count; i++)
        {
            _tokenAt[(Tokens[i].Line, Tokens[i].Column)] = i;
        }

        _matchingBrace = Braces.Pairs(Tokens);
        foreach (var block in source.Syntax.Declarations.OfType<BlockDeclaration>())
        {
            _blocks[block.Name.Text] = block;
        }

        foreach (var declaration in source.Syntax.Declarations)
        {
            IndexDeclaration(declaration);
        }

        var named = new HashSet<Position>(_occurrences.Select(o => o.Start));
        foreach (var token in Tokens.Where(t => t.Kind == TokenKind.Name && SemanticFacts.SyntaxKeywords.Contains(t.Text)))
        {
            var start = new Position(token.Line, token.Column);
            if (!named.Contains(start))
            {
                _occurrences.Add(new SymbolOccurrence(SymbolKind.Keyword, token.Text, start, token.Text.Length, false, null));
            }
        }

        _occurrences.Sort((a, b) => a.Start.Line != b.Start.Line ? a.Start.Line.CompareTo(b.Start.Line) : a.Start.Column.CompareTo(b.Start.Column));
        foreach (var occurrence in _occurrences)
        {
            ByLine(_occurrencesByLine, occurrence.Start.Line).Add(occurrence);
        }

        foreach (var statement in _statements)
        {
            for (var line = statement.Start.Line; line <= statement.HeadEnd.Line; line++)
            {
                ByLine(_statementsByLine, line).Add(statement);
            }
        }

        foreach (var expression in _expressions)
        {
            for (var line = expression.Start.Line; line <= expression.End.Line; line++)
            {
                ByLine(_expressionsByLine, line).Add(expression);
            }
        }
    }

    public ParsedSource Source { get; }

    public string Path => Source.Path;

    public SourceMap Map { get; }

    /// <summary>The compiler's tokens of the file, comments and newlines included.</summary>
    public IReadOnlyList<SourceToken> Tokens { get; }

    /// <summary>Every name in the file, in source order.</summary>
    public IReadOnlyList<SymbolOccurrence> Occurrences => _occurrences;

    public IReadOnlyList<StatementEntry> Statements => _statements;

    public IReadOnlyList<DeclarationEntry> Declarations => _declarations;

    public IReadOnlyList<ExpressionEntry> Expressions => _expressions;

    public IReadOnlyList<ImportEntry> Imports => _imports;

    /// <summary>Whether the parser found an error: such a file is not formatted, and its shapes are unknown.</summary>
    public bool HasSyntaxErrors => Source.Syntax.Declarations.Any(d => d is ErrorDeclaration) || _statements.Any(s => s.Statement is ErrorStatement);

    public static SyntaxIndex Build(ParsedSource source) => new(source);

    public SymbolOccurrence? OccurrenceAt(Position position) =>
        OnLine(_occurrencesByLine, position.Line).FirstOrDefault(o => o.Contains(position));

    /// <summary>The innermost statement whose head line holds the position.</summary>
    public StatementEntry? StatementAt(Position position) =>
        OnLine(_statementsByLine, position.Line).Where(s => Within(position, s.Start, s.HeadEnd)).OrderByDescending(s => s.Depth).FirstOrDefault();

    /// <summary>The innermost statement whose head or body holds the position.</summary>
    public StatementEntry? EnclosingStatement(Position position) =>
        _statements.Where(s => Within(position, s.Start, s.BodyEnd ?? s.HeadEnd)).OrderByDescending(s => s.Depth).FirstOrDefault();

    /// <summary>The smallest argument expression that holds the position.</summary>
    public ExpressionEntry? ExpressionAt(Position position) =>
        OnLine(_expressionsByLine, position.Line).Where(e => Within(position, e.Start, e.End))
            .OrderBy(e => e.End.Column - e.Start.Column + (1000 * (e.End.Line - e.Start.Line)))
            .FirstOrDefault();

    /// <summary>The declaration (block, network, defaults) whose text holds the position.</summary>
    public DeclarationEntry? DeclarationAt(Position position) =>
        _declarations.FirstOrDefault(d => Within(position, d.Start, d.BodyEnd ?? d.HeadEnd));

    public BlockDeclaration? Block(string name) => _blocks.TryGetValue(name, out var block) ? block : null;

    public static bool Within(Position position, Position start, Position end) =>
        Compare(position, start) >= 0 && Compare(position, end) <= 0;

    public static int Compare(Position a, Position b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column);

    private static List<T> ByLine<T>(Dictionary<int, List<T>> index, int line)
    {
        if (!index.TryGetValue(line, out var list))
        {
            list = new List<T>();
            index[line] = list;
        }

        return list;
    }

    private static IEnumerable<T> OnLine<T>(Dictionary<int, List<T>> index, int line) =>
        index.TryGetValue(line, out var list) ? list : Enumerable.Empty<T>();

    private int TokenIndex(Position position)
    {
        if (_tokenAt.TryGetValue((position.Line, position.Column), out var index))
        {
            return index;
        }

        for (var i = 0; i < Tokens.Count; i++)
        {
            if (Compare(new Position(Tokens[i].Line, Tokens[i].Column), position) >= 0)
            {
                return i;
            }
        }

        return Tokens.Count;
    }

    /// <summary>Where a statement's first line ends (before a comment, a ';' or its body) and the braces of its body.</summary>
    private (Position HeadEnd, Position? Open, Position? Close) Extent(Position start, bool hasBody)
    {
        var i = TokenIndex(start);
        var headEnd = start;
        var parentheses = 0;
        for (; i < Tokens.Count; i++)
        {
            var token = Tokens[i];
            if (token.Kind is TokenKind.Newline or TokenKind.Comment || (parentheses == 0 && (token.Is(";") || token.Is("}"))))
            {
                break;
            }

            if (token.Is("{"))
            {
                if (!hasBody)
                {
                    break;
                }

                var open = new Position(token.Line, token.Column);
                if (_matchingBrace.TryGetValue(i, out var close))
                {
                    var closing = Tokens[close];
                    return (headEnd, open, new Position(closing.Line, closing.Column + 1));
                }

                return (headEnd, open, null);
            }

            parentheses += token.Is("(") ? 1 : token.Is(")") ? -1 : 0;
            headEnd = new Position(token.Line, token.Column + token.Text.Length);
        }

        return (headEnd, null, null);
    }

    private void IndexDeclaration(DeclarationSyntax declaration)
    {
        switch (declaration)
        {
            case ImportDeclaration import:
                var (importEnd, _, _) = Extent(import.Position, hasBody: false);
                _imports.Add(new ImportEntry(import, import.Position, importEnd, Compilation.ImportPath(Path, import.RelativePath)));
                _declarations.Add(new DeclarationEntry(import, import.RelativePath, import.Position, importEnd, null, null));
                break;
            case BlockDeclaration block:
                AddDeclaration(block, block.Name.Text);
                Add(SymbolKind.Block, block.Name, true, null);
                foreach (var parameter in block.Parameters)
                {
                    Add(SymbolKind.Parameter, parameter.Name, true, block.Name.Text);
                    if (parameter.Default is not null)
                    {
                        IndexExpression(parameter.Default, block.Name.Text, new ErrorStatement(string.Empty, parameter.Name.Position));
                    }
                }

                IndexBody(block.Body, block.Name.Text, null, 1);
                break;
            case NetworkDeclaration network:
                AddDeclaration(network, network.Name.Text);
                Add(SymbolKind.Network, network.Name, true, null);
                IndexBody(network.Body, null, network.Name.Text, 1);
                break;
            case DefaultsDeclaration defaults:
                AddDeclaration(defaults, "defaults");
                IndexBody(defaults.Body, null, null, 1);
                break;
        }
    }

    private void AddDeclaration(DeclarationSyntax declaration, string name)
    {
        var (headEnd, open, close) = Extent(declaration.Position, hasBody: true);
        _declarations.Add(new DeclarationEntry(declaration, name, declaration.Position, headEnd, open, close));
    }

    private void IndexBody(IEnumerable<StatementSyntax> body, string? block, string? network, int depth)
    {
        foreach (var statement in body)
        {
            IndexStatement(statement, block, network, depth);
        }
    }

    private void IndexStatement(StatementSyntax statement, string? block, string? network, int depth)
    {
        var hasBody = statement is OperationStatement { Body: not null } or SequenceStatement;
        var start = FirstName(statement) ?? statement.Position;
        var (headEnd, open, close) = Extent(start, hasBody);
        _statements.Add(new StatementEntry(statement, block, network, start, headEnd, open, close, depth));
        switch (statement)
        {
            case OperationStatement operation:
                foreach (var name in operation.Names)
                {
                    Add(SymbolKind.Layer, name, true, block);
                }

                var op = operation.Operation.Text;
                Add(OpCatalog.Find(op) is null ? SymbolKind.Keyword : SymbolKind.Operation, operation.Operation, false, null);
                IndexArguments(operation.Arguments, op, block, statement);
                if (operation.Body is { } operationBody)
                {
                    IndexBody(operationBody, block, network, depth + 1);
                }

                break;
            case CallStatement call:
                if (call.Name is { } callName)
                {
                    Add(SymbolKind.Layer, callName, true, block);
                }

                Add(SymbolKind.Block, call.Callee, false, null);
                foreach (var argument in call.Arguments)
                {
                    if (argument is OptionArgument named)
                    {
                        _occurrences.Add(new SymbolOccurrence(SymbolKind.Parameter, named.Name, named.Position, named.Name.Length, false, call.Callee.Text));
                        IndexValue(named.Value, block, statement);
                    }
                    else
                    {
                        IndexValue(argument, block, statement);
                    }
                }

                break;
            case SequenceStatement sequence:
                if (sequence.Name is { } sequenceName)
                {
                    Add(SymbolKind.Layer, sequenceName, true, block);
                }

                IndexBody(sequence.Body, block, network, depth + 1);
                break;
            case FactorizeStatement factorize:
                foreach (var name in factorize.Names)
                {
                    Add(SymbolKind.Layer, name, true, block);
                }

                IndexExpression(factorize.Size, block, statement);
                foreach (var channels in factorize.Channels)
                {
                    IndexExpression(channels, block, statement);
                }

                IndexArguments(factorize.Options, "conv", block, statement);
                break;
        }
    }

    private static Position? FirstName(StatementSyntax statement) => statement switch
    {
        OperationStatement { Names.Count: > 0 } operation => operation.Names[0].Position,
        FactorizeStatement { Names.Count: > 0 } factorize => factorize.Names[0].Position,
        CallStatement { Name: { } name } => name.Position,
        SequenceStatement { Name: { } name } => name.Position,
        _ => null,
    };

    private void IndexArguments(IEnumerable<ArgumentSyntax> arguments, string op, string? block, StatementSyntax statement)
    {
        foreach (var argument in arguments)
        {
            if (argument is OptionArgument option)
            {
                _occurrences.Add(new SymbolOccurrence(SymbolKind.Option, option.Name, option.Position, option.Name.Length, false, op));
                IndexValue(option.Value, block, statement);
            }
            else
            {
                IndexValue(argument, block, statement);
            }
        }
    }

    private void IndexValue(ArgumentSyntax argument, string? block, StatementSyntax statement)
    {
        if (argument is ValueArgument value)
        {
            IndexExpression(value.Value, block, statement);
        }
    }

    private Position IndexExpression(ExpressionSyntax expression, string? block, StatementSyntax statement)
    {
        Position end;
        switch (expression)
        {
            case NameExpression name:
                var isParameter = block is not null && (Block(block)?.Parameters.Any(p => p.Name.Text == name.Name) ?? false);
                var kind = isParameter ? SymbolKind.Parameter : name.Name == "classes" ? SymbolKind.Keyword : SymbolKind.Word;
                _occurrences.Add(new SymbolOccurrence(kind, name.Name, name.Position, name.Name.Length, false, isParameter ? block : null));
                end = new Position(name.Position.Line, name.Position.Column + name.Name.Length);
                break;
            case NumberExpression number:
                end = new Position(number.Position.Line, number.Position.Column + number.Text.Length);
                break;
            case BinaryExpression binary:
                IndexExpression(binary.Left, block, statement);
                end = IndexExpression(binary.Right, block, statement);
                break;
            default:
                end = expression.Position;
                break;
        }

        _expressions.Add(new ExpressionEntry(expression, expression.Position, end, block, statement));
        return end;
    }

    private void Add(SymbolKind kind, Identifier identifier, bool isDefinition, string? scope) =>
        _occurrences.Add(new SymbolOccurrence(kind, identifier.Text, identifier.Position, identifier.Text.Length, isDefinition, scope));
}
