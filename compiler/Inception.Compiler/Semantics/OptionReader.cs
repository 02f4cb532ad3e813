using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Semantics;

/// <summary>
/// Reads the <c>name=value</c> options of one statement, falling back to the file's <c>defaults</c>, and reports
/// unknown or ill-typed options at their own location.
/// </summary>
internal sealed class OptionReader
{
    private readonly Dictionary<string, OptionArgument> _options = new();
    private readonly string _path;
    private readonly DiagnosticBag _diagnostics;

    public OptionReader(
        string operation,
        IEnumerable<OptionArgument> explicitOptions,
        IReadOnlyDictionary<string, OptionArgument>? defaults,
        IReadOnlyCollection<string> allowed,
        string path,
        DiagnosticBag diagnostics)
    {
        _path = path;
        _diagnostics = diagnostics;
        foreach (var option in defaults?.Values ?? Enumerable.Empty<OptionArgument>())
        {
            if (allowed.Contains(option.Name))
            {
                _options[option.Name] = option;
            }
        }

        foreach (var option in explicitOptions)
        {
            if (!allowed.Contains(option.Name))
            {
                var known = allowed.Count == 0 ? "it takes no options" : "known options: " + string.Join(", ", allowed);
                diagnostics.Report(Locate(option.Position), Errors.UnknownOption(operation, option.Name, known));
                continue;
            }

            _options[option.Name] = option;
        }
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public bool Bool(string name, bool fallback)
    {
        if (!_options.TryGetValue(name, out var option))
        {
            return fallback;
        }

        switch (Word(option))
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                Bad(option, "true or false");
                return fallback;
        }
    }

    public double? Number(string name, double? fallback)
    {
        if (!_options.TryGetValue(name, out var option))
        {
            return fallback;
        }

        if (option.Value is ValueArgument { Value: NumberExpression number })
        {
            return number.Value;
        }

        Bad(option, "a number");
        return fallback;
    }

    /// <summary>An integer or an HxW pair (<c>stride=2</c>, <c>stride=2x1</c>).</summary>
    public Pair Pair(string name, Pair fallback)
    {
        if (!_options.TryGetValue(name, out var option))
        {
            return fallback;
        }

        return SemanticFacts.ReadPair(option.Value) ?? Bad(option, "an integer or HxW", fallback);
    }

    public string? Word(string name) => _options.TryGetValue(name, out var option) ? Word(option) : null;

    public OptionArgument? Raw(string name) => _options.TryGetValue(name, out var option) ? option : null;

    public SourceLocation Locate(Position position) => new(_path, position.Line, position.Column);

    private static string? Word(OptionArgument option) =>
        option.Value is ValueArgument { Value: NameExpression word } ? word.Name : null;

    private void Bad(OptionArgument option, string expected) =>
        _diagnostics.Report(Locate(option.Value.Position), Errors.BadOptionValue(option.Name, expected));

    private T Bad<T>(OptionArgument option, string expected, T fallback)
    {
        Bad(option, expected);
        return fallback;
    }
}
