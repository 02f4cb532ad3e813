using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Collections;
using Sprache;
using static Inception.Compiler.Syntax.Lexical;

namespace Inception.Compiler.Syntax;

/// <summary>
/// Sprache grammar of .incept files. Bodies recover statement by statement and the file recovers declaration
/// by declaration, so one run reports every independent syntax error instead of stopping at the first.
/// </summary>
public static class Parser
{
    private static readonly string[] DeclarationKeywords = { "block", "network", "defaults", "import" };

    private static readonly Parser<ExpressionSyntax> Term =
        Number.Select(n => (ExpressionSyntax)n)
            .Or(Lexical.Identifier.Select(i => (ExpressionSyntax)new NameExpression(i.Text, i.Position)))
            .Or(Parse.Ref(() => Expression).Contained(Symbol('('), Symbol(')')));

    private static readonly Parser<ExpressionSyntax> Product =
        Parse.ChainOperator(Symbol('*').Or(Symbol('/')), Term, (op, l, r) => new BinaryExpression(op, l, r, l.Position));

    private static readonly Parser<ExpressionSyntax> Expression =
        Parse.ChainOperator(Symbol('+').Or(Symbol('-')), Product, (op, l, r) => new BinaryExpression(op, l, r, l.Position));

    private static readonly Parser<ArgumentSyntax> OptionValue =
        Dimensions.Select(d => (ArgumentSyntax)d).Or(Expression.Select(e => (ArgumentSyntax)new ValueArgument(e)));

    private static readonly Parser<ArgumentSyntax> Option =
        from name in Lexical.Identifier
        from assign in Symbol('=')
        from value in OptionValue
        select (ArgumentSyntax)new OptionArgument(name.Text, value, name.Position);

    private static readonly Parser<ArgumentSyntax> Argument =
        Option.Or(Dimensions.Select(d => (ArgumentSyntax)d)).Or(Expression.Select(e => (ArgumentSyntax)new ValueArgument(e)));

    private static readonly Parser<EquatableArray<Identifier>> Names =
        from names in Lexical.Identifier.DelimitedBy(Symbol(','))
        from assign in Symbol('=')
        select names.ToEquatableArray();

    private static readonly Parser<EquatableArray<StatementSyntax>> Body =
        from open in Symbol('{')
        from statements in Parse.Ref(() => StatementList)
        from close in Symbol('}')
        select statements;

    private static readonly Parser<StatementSyntax> AnonymousSequence =
        from position in Here
        from body in Body
        select (StatementSyntax)new SequenceStatement(null, body, position);

    private static readonly Parser<string> Arrow = Parse.String("->").Text().Token().Named("'->'");
    private static readonly Parser<string> FactorizeKeyword = Keyword("factorize");
    private static readonly Parser<string> ToKeyword = Keyword("to");

    /// <summary>What follows the optional <c>names =</c> of a statement, waiting for those names and the position.</summary>
    private delegate StatementSyntax StatementTail(EquatableArray<Identifier> names, Position position);

    private static readonly Parser<StatementTail> NamedSequenceTail =
        from body in Body
        select (StatementTail)((names, position) => new SequenceStatement(names.Count > 0 ? names[0] : null, body, position));

    private static readonly Parser<StatementTail> FactorizeTail =
        from keyword in FactorizeKeyword
        from size in Expression
        from arrow in Arrow
        from kernels in Dimensions.DelimitedBy(Symbol(','))
        from to in ToKeyword
        from channels in Expression.DelimitedBy(Symbol(','))
        from options in Option.Many()
        select (StatementTail)((names, position) => new FactorizeStatement(
            names, size, kernels.ToEquatableArray(), channels.ToEquatableArray(), options.ToEquatableArray(), position));

    private static readonly Parser<ArgumentSyntax> CallArgument =
        Option.Or(Expression.Select(e => (ArgumentSyntax)new ValueArgument(e)));

    /// <summary><c>block(args)</c>; the parenthesis must follow the name directly, so <c>conv (a + b) 1x1</c> stays a layer.</summary>
    private static readonly Parser<StatementTail> CallTail =
        from calleePosition in Here
        from callee in Parse.Identifier(Parse.Letter.Or(Parse.Char('_')), Parse.LetterOrDigit.Or(Parse.Char('_')))
        from open in Symbol('(')
        from arguments in CallArgument.DelimitedBy(Symbol(',')).Optional()
        from close in Symbol(')')
        select (StatementTail)((names, position) => new CallStatement(
            names.Count == 0 ? null : names[0],
            new Identifier(callee, calleePosition),
            arguments.GetOrElse(Enumerable.Empty<ArgumentSyntax>()).ToEquatableArray(),
            position));

    private static readonly Parser<StatementTail> OperationTail =
        from op in Lexical.Identifier
        from arguments in Argument.Many()
        from body in Body.Optional()
        select (StatementTail)((names, position) => new OperationStatement(
            names, op, arguments.ToEquatableArray(), body.IsDefined ? body.Get() : (EquatableArray<StatementSyntax>?)null, position));

    private static readonly Parser<StatementSyntax> Statement =
        AnonymousSequence.Or(
            from names in Names.Optional()
            from position in Here
            from tail in NamedSequenceTail.Or(FactorizeTail).Or(CallTail).Or(OperationTail)
            select tail(names.GetOrElse(EquatableArray<Identifier>.Empty), position));

    /// <summary>Statements up to (not including) the closing brace, each ended by a newline, ';' or the brace.</summary>
    private static readonly Parser<EquatableArray<StatementSyntax>> StatementList = input =>
    {
        var statements = new List<StatementSyntax>();
        var rest = Separators(input).Remainder;
        while (!rest.AtEnd && rest.Current != '}')
        {
            var result = Statement(rest);
            if (result.WasSuccessful && EndsStatement(result.Remainder))
            {
                statements.Add(result.Value);
                rest = result.Remainder;
            }
            else
            {
                var failedAt = result.Remainder;
                var message = result.WasSuccessful ? Unexpected(failedAt, "end of statement") : Describe(result);
                statements.Add(new ErrorStatement(message, new Position(failedAt.Line, failedAt.Column)));
                rest = SkipStatement(rest);
            }

            rest = Separators(rest).Remainder;
        }

        return Result.Success(statements.ToEquatableArray(), rest);
    };

    private static bool EndsStatement(IInput input) =>
        input.AtEnd || input.Current is '\n' or '\r' or ';' or '}';

    /// <summary>Skips the rest of a broken statement, including any braces it opened.</summary>
    private static IInput SkipStatement(IInput input)
    {
        var depth = 0;
        var rest = input;
        while (!rest.AtEnd)
        {
            var c = rest.Current;
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                if (depth == 0)
                {
                    return rest;
                }

                depth--;
            }
            else if ((c == '\n' || c == ';') && depth == 0)
            {
                return rest;
            }

            rest = rest.Advance();
        }

        return rest;
    }

    private static readonly Parser<ParameterSyntax> ParameterDeclaration =
        from name in Lexical.Identifier
        from value in Symbol('=').Then(_ => Expression).Optional()
        select new ParameterSyntax(name, value.GetOrDefault());

    private static readonly Parser<DeclarationSyntax> BlockDeclaration =
        from position in Here
        from keyword in Keyword("block")
        from name in Lexical.Identifier
        from parameters in ParameterDeclaration.DelimitedBy(Symbol(',')).Optional().Contained(Symbol('('), Symbol(')')).Optional()
        from body in Body
        select (DeclarationSyntax)new BlockDeclaration(
            name,
            parameters.IsDefined ? parameters.Get().GetOrElse(Enumerable.Empty<ParameterSyntax>()).ToEquatableArray() : EquatableArray<ParameterSyntax>.Empty,
            body,
            position);

    private static readonly Parser<DeclarationSyntax> NetworkDeclaration =
        from position in Here
        from keyword in Keyword("network")
        from name in Lexical.Identifier
        from body in Body
        select (DeclarationSyntax)new NetworkDeclaration(name, body, position);

    private static readonly Parser<DeclarationSyntax> DefaultsDeclaration =
        from position in Here
        from keyword in Keyword("defaults")
        from body in Body
        select (DeclarationSyntax)new DefaultsDeclaration(body, position);

    private static readonly Parser<DeclarationSyntax> ImportDeclaration =
        from position in Here
        from keyword in Keyword("import")
        from path in QuotedString
        select (DeclarationSyntax)new ImportDeclaration(path, position);

    private static readonly Parser<DeclarationSyntax> Declaration =
        BlockDeclaration.Or(NetworkDeclaration).Or(DefaultsDeclaration).Or(ImportDeclaration);

    /// <summary>
    /// How deep braces and parentheses may nest. The grammar is recursive, so a file that nests thousands deep
    /// would overflow the stack of the compiler (and of the C# compiler that hosts the generator); real
    /// networks nest a handful of levels.
    /// </summary>
    public const int MaxNesting = 64;

    public static SyntaxFile ParseFile(string path, string text)
    {
        if (TooDeep(text) is { } deep)
        {
            var message = $"braces and parentheses nest deeper than {MaxNesting} levels here; the compiler reads at most {MaxNesting}";
            return new SyntaxFile(path, new DeclarationSyntax[] { new ErrorDeclaration(message, new Position(deep.Line, deep.Column)) }.ToEquatableArray());
        }

        var declarations = new List<DeclarationSyntax>();
        IInput rest = new Input(text);
        rest = Separators(rest).Remainder;
        while (!rest.AtEnd)
        {
            var result = Declaration(rest);
            if (result.WasSuccessful && EndsStatement(result.Remainder))
            {
                declarations.Add(result.Value);
                rest = result.Remainder;
            }
            else
            {
                var failedAt = result.Remainder;
                var message = result.WasSuccessful ? Unexpected(failedAt, "end of line") : Describe(result);
                if (!result.WasSuccessful && failedAt.Position == rest.Position && !StartsWithKeyword(rest))
                {
                    message = $"expected 'block', 'network', 'defaults' or 'import', found {Found(rest)}";
                }

                var unclosed = !result.WasSuccessful && failedAt.AtEnd ? UnclosedBrace(failedAt.Source) : null;
                var related = unclosed is { } brace ? new Position(brace.Line, brace.Column) : (Position?)null;
                declarations.Add(new ErrorDeclaration(message, new Position(failedAt.Line, failedAt.Column), related));
                rest = SkipToNextDeclaration(failedAt.Position > rest.Position ? failedAt : rest.Advance());
            }

            rest = Separators(rest).Remainder;
        }

        return new SyntaxFile(path, declarations.ToEquatableArray());
    }

    /// <summary>The first token that opens a level beyond <see cref="MaxNesting"/>, if any (comments are skipped).</summary>
    private static SourceToken? TooDeep(string text)
    {
        var depth = 0;
        foreach (var token in Tokenizer.Tokenize(text))
        {
            if (token.Is("{") || token.Is("("))
            {
                if (++depth > MaxNesting)
                {
                    return token;
                }
            }
            else if ((token.Is("}") || token.Is(")")) && depth > 0)
            {
                depth--;
            }
        }

        return null;
    }

    private static bool StartsWithKeyword(IInput input) =>
        DeclarationKeywords.Any(k => Keyword(k)(input).WasSuccessful);

    /// <summary>Resumes at the next line that starts, in column 1, with a declaration keyword.</summary>
    private static IInput SkipToNextDeclaration(IInput input)
    {
        var rest = input;
        while (!rest.AtEnd)
        {
            if (rest.Column == 1 && StartsWithKeyword(rest))
            {
                return rest;
            }

            rest = rest.Advance();
        }

        return rest;
    }

    private static string Describe<T>(IResult<T> failure)
    {
        var expected = failure.Expectations.Where(e => !string.IsNullOrEmpty(e)).Distinct().ToList();
        var found = Found(failure.Remainder);
        var message = expected.Count == 0
            ? $"unexpected {found}"
            : $"unexpected {found}; expected {string.Join(" or ", expected)}";

        // The end of the file is rarely where the brace went missing: say which '{' is still open.
        return failure.Remainder.AtEnd && UnclosedBrace(failure.Remainder.Source) is var (line, column)
            ? $"{message} to close the '{{' at ({line},{column})"
            : message;
    }

    /// <summary>The '{' that no '}' closes, from the token stream (see <see cref="Braces.Unclosed"/>).</summary>
    private static (int Line, int Column)? UnclosedBrace(string source) => Braces.Unclosed(Tokenizer.Tokenize(source));

    private static string Unexpected(IInput at, string expected) => $"unexpected {Found(at)}; expected {expected}";

    private static string Found(IInput at)
    {
        if (at.AtEnd)
        {
            return "end of file";
        }

        if (at.Current is '\n' or '\r')
        {
            return "end of line";
        }

        var end = at.Position;
        while (end < at.Source.Length && !char.IsWhiteSpace(at.Source[end]) && end - at.Position < 20)
        {
            end++;
        }

        return $"'{at.Source.Substring(at.Position, System.Math.Max(1, end - at.Position))}'";
    }
}
