using System.Collections.Generic;
using Inception.Compiler.IR;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Services;

/// <summary>
/// The value of an argument expression in one instance, with the binder's arithmetic ('/' rounds down between
/// whole numbers), so an editor can say <c>c7 + 64 = 192</c>. Null where a name has no value or a step fails.
/// </summary>
public static class WidthEvaluator
{
    public static double? Evaluate(ExpressionSyntax expression, IReadOnlyDictionary<string, BlockValue> arguments)
    {
        switch (expression)
        {
            case NumberExpression number:
                return number.Value;
            case NameExpression name:
                return arguments.TryGetValue(name.Name, out var value) ? value.AsNumber : null;
            case BinaryExpression binary:
                var left = Evaluate(binary.Left, arguments);
                var right = Evaluate(binary.Right, arguments);
                if (left is not { } l || right is not { } r)
                {
                    return null;
                }

                return binary.Operator switch
                {
                    '+' => l + r,
                    '-' => l - r,
                    '*' => l * r,
                    '/' when r == 0 => null,
                    '/' when l == System.Math.Floor(l) && r == System.Math.Floor(r) => System.Math.Floor(l / r),
                    '/' => l / r,
                    _ => null,
                };
            default:
                return null;
        }
    }
}
