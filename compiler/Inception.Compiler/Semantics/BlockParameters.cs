using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Semantics;

/// <summary>
/// Which block parameters are option parameters: named by an option (<c>stride=s</c>, <c>scale=s</c>) or passed
/// on to a callee's option parameter. Such a parameter fixes how modules are built, so each distinct set of
/// its values becomes a class of its own; the other parameters are widths, constructor arguments of one class.
/// </summary>
internal static class BlockParameters
{
    public static Dictionary<string, HashSet<string>> OptionParameters(IReadOnlyDictionary<string, BlockDeclaration> blocks)
    {
        var result = blocks.ToDictionary(b => b.Key, _ => new HashSet<string>());
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (name, block) in blocks.Select(b => (b.Key, b.Value)))
            {
                var parameters = block.Parameters.Select(p => p.Name.Text).ToList();
                foreach (var used in Uses(block.Body, parameters, blocks, result))
                {
                    changed |= result[name].Add(used);
                }
            }
        }

        return result;
    }

    private static IEnumerable<string> Uses(
        IEnumerable<StatementSyntax> body,
        IReadOnlyList<string> parameters,
        IReadOnlyDictionary<string, BlockDeclaration> blocks,
        IReadOnlyDictionary<string, HashSet<string>> known)
    {
        foreach (var statement in body)
        {
            switch (statement)
            {
                case OperationStatement operation:
                    foreach (var name in OptionNames(operation.Arguments.OfType<OptionArgument>(), parameters))
                    {
                        yield return name;
                    }

                    foreach (var name in Uses(operation.Body.HasValue ? operation.Body.Value : Enumerable.Empty<StatementSyntax>(), parameters, blocks, known))
                    {
                        yield return name;
                    }

                    break;
                case FactorizeStatement factorize:
                    foreach (var name in OptionNames(factorize.Options.OfType<OptionArgument>(), parameters))
                    {
                        yield return name;
                    }

                    break;
                case SequenceStatement sequence:
                    foreach (var name in Uses(sequence.Body, parameters, blocks, known))
                    {
                        yield return name;
                    }

                    break;
                case CallStatement call when blocks.TryGetValue(call.Callee.Text, out var callee):
                    var calleeParameters = callee.Parameters.Select(p => p.Name.Text).ToList();
                    var position = 0;
                    foreach (var argument in call.Arguments)
                    {
                        var (target, value) = argument is OptionArgument named
                            ? (named.Name, named.Value)
                            : (position < calleeParameters.Count ? calleeParameters[position++] : null, argument);
                        if (target is not null && known[callee.Name.Text].Contains(target) && value is ValueArgument { Value: NameExpression passed } && parameters.Contains(passed.Name))
                        {
                            yield return passed.Name;
                        }
                    }

                    break;
            }
        }
    }

    private static IEnumerable<string> OptionNames(IEnumerable<OptionArgument> options, IReadOnlyList<string> parameters) =>
        options.Select(o => o.Value).OfType<ValueArgument>().Select(v => v.Value).OfType<NameExpression>().Select(n => n.Name).Where(parameters.Contains);
}
