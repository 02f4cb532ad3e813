using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Semantics;

/// <summary>Block arguments, widths, and the residual, whose options may name block parameters.</summary>
public sealed partial class Binder
{
    /// <summary>
    /// A width expression as a <see cref="ChannelExpression"/>: whole numbers and the parameters in scope, combined with
    /// integer arithmetic ('/' rounds down). Reports unknown names and fractional numbers where they are.
    /// </summary>
    internal static ChannelExpression? BindWidth(ExpressionSyntax expression, IReadOnlyCollection<string> parameters, IReadOnlyCollection<string> optionParameters, string path, DiagnosticBag diagnostics)
    {
        switch (expression)
        {
            case NumberExpression { IsInteger: true, Value: <= long.MaxValue } number:
                return ChannelExpression.Of((long)number.Value);
            case NumberExpression number:
                var why = number.IsInteger ? "is too large" : "is not one";
                diagnostics.Report(Locate(path, number.Position), Errors.WidthNotWhole(number.Text, why));
                return null;
            case NameExpression name when parameters.Contains(name.Name):
                return ChannelExpression.Parameter(name.Name);
            case NameExpression name when optionParameters.Contains(name.Name):
                diagnostics.Report(Locate(path, name.Position), Errors.OptionParameterInWidth(name.Name));
                return null;
            case NameExpression name:
                var known = string.Join(", ", parameters.OrderBy(p => p, System.StringComparer.Ordinal));
                diagnostics.Report(Locate(path, name.Position), Errors.UndefinedName(name.Name, known));
                return null;
            case BinaryExpression binary:
                var left = BindWidth(binary.Left, parameters, optionParameters, path, diagnostics);
                var right = BindWidth(binary.Right, parameters, optionParameters, path, diagnostics);
                return left is null || right is null ? null : ChannelExpression.Binary(binary.Operator, left, right);
            default:
                return null;
        }
    }

    /// <summary>
    /// A block argument: for a width parameter, a width; for an option parameter, a literal (<c>2</c>,
    /// <c>0.17</c>, <c>true</c>, <c>max</c>) or a parameter of the caller passed on.
    /// </summary>
    private BoundArgument? BindArgument(ExpressionSyntax expression, bool isOption, IReadOnlyCollection<string> widths, IReadOnlyCollection<string> options, string path)
    {
        if (!isOption)
        {
            var width = BindWidth(expression, widths, options, path, _diagnostics);
            return width is null ? null : new BoundArgument(width, null);
        }

        switch (expression)
        {
            case NumberExpression { IsInteger: true, Value: <= long.MaxValue } integer:
                return new BoundArgument(null, BlockValue.Of((long)integer.Value));
            case NumberExpression number:
                return new BoundArgument(null, BlockValue.Of(number.Value));
            case NameExpression name when widths.Contains(name.Name) || options.Contains(name.Name):
                return new BoundArgument(ChannelExpression.Parameter(name.Name), null);
            case NameExpression { Name: "true" or "false" } flag:
                return new BoundArgument(null, BlockValue.Of(flag.Name == "true"));
            case NameExpression word:
                return new BoundArgument(null, BlockValue.Word(word.Name));
            default:
                var computed = BindWidth(expression, widths, options, path, _diagnostics);
                return computed is null ? null : new BoundArgument(computed, null);
        }
    }

    /// <summary>
    /// <c>residual [scale=S] [relu=B] { BODY; shortcut { ... } }</c>: the body's layers and the shortcut's
    /// live in the enclosing module, like an anonymous sequence's; without a shortcut the input is added as is.
    /// </summary>
    private BoundNode? BindResidual(OperationStatement statement, BindContext context, SourceLocation location)
    {
        if (context.InSequentialModule)
        {
            _diagnostics.Report(location, Errors.ResidualInNamedSequence());
            return null;
        }

        var options = new OptionReader("residual", ReadOptions(statement.Arguments, context), null, SemanticFacts.StructuralOptions["residual"], _diagnostics);
        var scale = Option(options, "scale", context, o => options.Number(o, 1.0) is { } number ? BlockValue.Of(number) : null);
        var relu = Option(options, "relu", context, o => BlockValue.Of(options.Bool(o, false)));
        var body = new List<BoundNode>();
        List<BoundNode>? shortcut = null;
        var written = 0;
        foreach (var inner in statement.Body!.Value)
        {
            if (inner is OperationStatement { Operation.Text: "shortcut" } branch)
            {
                if (shortcut is not null || branch.Body is null || branch.Arguments.Count > 0 || branch.Names.Count > 0)
                {
                    _diagnostics.Report(Locate(context.Path, branch.Position), shortcut is not null ? Errors.SecondShortcut() : Errors.MalformedShortcut());
                    continue;
                }

                shortcut = BindBody(branch.Body.Value, context, allowHeader: false);
                continue;
            }

            written++;
            body.AddRange(BindStatement(inner, context));
        }

        if (body.Count == 0)
        {
            // A body whose statements all failed to bind has its errors already; only a missing one is this error.
            if (written == 0)
            {
                _diagnostics.Report(location, Errors.ResidualNeedsBody());
            }

            return null;
        }

        return new BoundResidual(
            new BoundSequence(string.Empty, false, body.ToEquatableArray(), location),
            new BoundSequence(string.Empty, false, (shortcut ?? new List<BoundNode>()).ToEquatableArray(), location),
            scale,
            relu,
            location);
    }

    /// <summary>An option that may name an option parameter of the block; otherwise read as a literal now.</summary>
    private static BoundOption Option(OptionReader options, string name, BindContext context, System.Func<string, BlockValue?> literal)
    {
        var raw = options.Raw(name);
        var location = raw?.Value.Location ?? default;
        if (raw?.Value.Parameter is { } parameter)
        {
            return new BoundOption(null, parameter, location);
        }

        return new BoundOption(literal(name), null, location);
    }
}
