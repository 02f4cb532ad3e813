using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;

namespace Inception.Compiler.Semantics;

/// <summary>
/// Reads the <c>name=value</c> options of one statement, falling back to the file's <c>defaults</c>, and reports
/// unknown or ill-typed options at their own location.
/// </summary>
internal sealed class OptionReader
{
    private readonly Dictionary<string, BoundOptionArgument> _options = new();
    private readonly DiagnosticBag _diagnostics;

    public OptionReader(
        string operation,
        IEnumerable<BoundOptionArgument> explicitOptions,
        IEnumerable<BoundOptionArgument>? defaults,
        IReadOnlyCollection<string> allowed,
        DiagnosticBag diagnostics)
    {
        _diagnostics = diagnostics;
        foreach (var option in defaults ?? Enumerable.Empty<BoundOptionArgument>())
        {
            if (allowed.Contains(option.Name))
            {
                _options[option.Name] = option;
            }
        }

        foreach (var option in Known(operation, explicitOptions, allowed, diagnostics))
        {
            _options[option.Name] = option;
        }
    }

    /// <summary>The options an op or statement takes, each other one reported at its name.</summary>
    public static IEnumerable<BoundOptionArgument> Known(string operation, IEnumerable<BoundOptionArgument> options, IReadOnlyCollection<string> allowed, DiagnosticBag diagnostics)
    {
        foreach (var option in options)
        {
            if (allowed.Contains(option.Name))
            {
                yield return option;
                continue;
            }

            var known = allowed.Count == 0 ? "it takes no options" : "known options: " + string.Join(", ", allowed);
            diagnostics.Report(option.Location, Errors.UnknownOption(operation, option.Name, known));
        }
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public bool Bool(string name, bool fallback)
    {
        if (!_options.TryGetValue(name, out var option))
        {
            return fallback;
        }

        switch (option.Value.Word)
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

        if (option.Value.Number is { } number)
        {
            return number;
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

        if (option.Value.Pair is { } pair)
        {
            return pair;
        }

        Bad(option, "an integer or HxW");
        return fallback;
    }

    public string? Word(string name) => _options.TryGetValue(name, out var option) ? option.Value.Word : null;

    public BoundOptionArgument? Raw(string name) => _options.TryGetValue(name, out var option) ? option : null;

    private void Bad(BoundOptionArgument option, string expected) =>
        _diagnostics.Report(option.Value.Location, Errors.BadOptionValue(option.Name, expected));
}
