using System;
using System.Collections.Generic;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Semantics;

/// <summary>Evaluates width expressions once a block's arguments are known.</summary>
public static class ExpressionEvaluator
{
    /// <summary>The value, or null with <paramref name="error"/> set (unknown name, division by zero).</summary>
    public static double? Evaluate(ExpressionSyntax expression, IReadOnlyDictionary<string, double> environment, out EvaluationError? error)
    {
        error = null;
        switch (expression)
        {
            case NumberExpression number:
                return number.Value;
            case NameExpression name:
                if (environment.TryGetValue(name.Name, out var value))
                {
                    return value;
                }

                error = new EvaluationError(DiagnosticIds.UnknownName, $"'{name.Name}' is not a parameter in scope");
                return null;
            case BinaryExpression binary:
                var left = Evaluate(binary.Left, environment, out error);
                if (left is null)
                {
                    return null;
                }

                var right = Evaluate(binary.Right, environment, out error);
                if (right is null)
                {
                    return null;
                }

                var result = Apply(binary.Operator, left.Value, right.Value);
                if (result is null)
                {
                    error = new EvaluationError(DiagnosticIds.InvalidValue, $"'{binary}' divides by zero");
                }

                return result;
            default:
                throw new InvalidOperationException($"unknown expression {expression.GetType().Name}");
        }
    }

    /// <summary>One arithmetic step; '/' rounds down, as widths are whole numbers. Null for a division by zero.</summary>
    public static double? Apply(char op, double left, double right) => op switch
    {
        '+' => left + right,
        '-' => left - right,
        '*' => left * right,
        '/' => right == 0 ? null : Math.Floor(left / right),
        _ => throw new InvalidOperationException($"unknown operator {op}"),
    };

    public static IEnumerable<NameExpression> Names(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case NameExpression name:
                yield return name;
                break;
            case BinaryExpression binary:
                foreach (var n in Names(binary.Left))
                {
                    yield return n;
                }

                foreach (var n in Names(binary.Right))
                {
                    yield return n;
                }

                break;
        }
    }
}

/// <summary>Why an expression has no value, with the diagnostic code to report it under.</summary>
public sealed record EvaluationError(string Id, string Message);
