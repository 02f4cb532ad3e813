using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Semantics;

/// <summary>Reading a statement's arguments from the syntax into <see cref="BoundArguments"/>: the last step that sees them as syntax.</summary>
public sealed partial class Binder
{
    private static readonly string[] NoParameters = new string[0];

    /// <summary>A statement's arguments with the file's defaults for <paramref name="defaultsOf"/> (none when null).</summary>
    private BoundArguments ReadArguments(IEnumerable<ArgumentSyntax> arguments, string? defaultsOf, BindContext context) => new(
        arguments.Where(a => a is not OptionArgument).Select(a => ReadPositional(a, context)).ToEquatableArray(),
        ReadOptions(arguments, context),
        FileDefaults(defaultsOf, context.Path));

    private static EquatableArray<BoundOptionArgument> ReadOptions(IEnumerable<ArgumentSyntax> arguments, BindContext context) =>
        arguments.OfType<OptionArgument>().Select(o => ReadOption(o, context.Path, context.OptionParameters)).ToEquatableArray();

    private EquatableArray<BoundOptionArgument> FileDefaults(string? op, string path) =>
        op is not null && _defaultsByFile[path].TryGetValue(op, out var defaults) ? defaults : EquatableArray<BoundOptionArgument>.Empty;

    /// <summary>An option; a bare name that is one of the block's option parameters is a hole each instance fills.</summary>
    private static BoundOptionArgument ReadOption(OptionArgument option, string path, IReadOnlyCollection<string> optionParameters)
    {
        var value = ReadValue(option.Value, path);
        return new BoundOptionArgument(
            option.Name,
            value.Word is { } word && optionParameters.Contains(word) ? value with { Parameter = word } : value,
            Locate(path, option.Position));
    }

    /// <summary>A positional argument, read as a width too in case the op asks for one (its errors kept until it does).</summary>
    private static BoundValue ReadPositional(ArgumentSyntax argument, BindContext context)
    {
        var value = ReadValue(argument, context.Path);
        if (argument is not ValueArgument expression)
        {
            return value;
        }

        if (expression.Value is NumberExpression { IsInteger: true, Value: <= long.MaxValue } whole)
        {
            // The common case (conv 64 3x3) needs no bag for errors it cannot have.
            return value with { Width = ChannelExpression.Of((long)whole.Value) };
        }

        var errors = new DiagnosticBag();
        var width = BindWidth(expression.Value, context.Parameters, context.OptionParameters, context.Path, errors);
        return value with { Width = width, WidthErrors = errors.Items.Count == 0 ? EquatableArray<Diagnostic>.Empty : errors.Items.ToEquatableArray() };
    }

    private static BoundValue ReadValue(ArgumentSyntax argument, string path)
    {
        var location = Locate(path, argument.Position);
        return argument switch
        {
            DimensionsArgument dimensions => BoundValue.OfDimensions(dimensions.Sizes, dimensions.ToString(), location),
            ValueArgument { Value: NumberExpression number } => BoundValue.OfNumber(number.Value, number.Text, location),
            ValueArgument { Value: NameExpression name } => BoundValue.OfWord(name.Name, location),
            ValueArgument other => new BoundValue(other.Value.ToString(), location),
            OptionArgument option => new BoundValue(option.Name + "=...", location),
            _ => new BoundValue("?", location),
        };
    }
}
