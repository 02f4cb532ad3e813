using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Diagnostics;

namespace Inception.Compiler.Syntax;

/// <summary>The syntax errors of a parsed file alone, without binding it or reading its imports.</summary>
public static class SyntaxErrors
{
    public static IEnumerable<Diagnostic> Of(SyntaxFile file) =>
        file.Declarations.SelectMany(d => d switch
        {
            ErrorDeclaration error => new[] { Error(file.Path, error.Message, error.Position) },
            BlockDeclaration block => InBody(file.Path, block.Body),
            NetworkDeclaration network => InBody(file.Path, network.Body),
            DefaultsDeclaration defaults => InBody(file.Path, defaults.Body),
            _ => Enumerable.Empty<Diagnostic>(),
        });

    private static IEnumerable<Diagnostic> InBody(string path, IEnumerable<StatementSyntax> body) =>
        body.SelectMany(s => s switch
        {
            ErrorStatement error => new[] { Error(path, error.Message, error.Position) },
            OperationStatement { Body: { } inner } => InBody(path, inner),
            SequenceStatement sequence => InBody(path, sequence.Body),
            _ => Enumerable.Empty<Diagnostic>(),
        });

    private static Diagnostic Error(string path, string message, Position position) =>
        Errors.Syntax(message).At(new SourceLocation(path, position.Line, position.Column));
}
