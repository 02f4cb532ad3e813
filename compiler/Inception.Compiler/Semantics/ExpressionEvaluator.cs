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

                if (binary.Operator == '/' && right.Value == 0)
                {
                    error = new EvaluationError(DiagnosticIds.InvalidValue, $"'{binary}' divides by zero");
                    return null;
                }

                return binary.Operator switch
                {
                    '+' => left + right,
                    '-' => left - right,
                    '*' => left * right,
                    '/' => Math.Floor(left.Value / right.Value),
                    _ => throw new InvalidOperationException($"unknown operator {binary.Operator}"),
                };
            default:
                throw new InvalidOperationException($"unknown expression {expression.GetType().Name}");
        }
    }

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
