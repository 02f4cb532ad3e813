using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Semantics;

/// <summary>
/// The statements the binder itself owns (structure, not layers) and the options each accepts, and the words
/// the language keeps for itself; leaf ops live in <see cref="OpCatalog"/>. Editors read the same facts.
/// </summary>
public static class SemanticFacts
{
    /// <summary>The words of declarations and of <c>factorize</c>, which are not operations.</summary>
    public static readonly IReadOnlyCollection<string> SyntaxKeywords = new[] { "block", "network", "import", "defaults", "factorize", "to" };

    /// <summary>
    /// The options of each structural statement, with their defaults and docs: the one statement of them that the
    /// binder checks against, the index reads and completion offers. <c>reduce_grid</c>'s are its pooling
    /// branch's (pool's own pad, ceil and count_include_pad); <c>factorize</c> takes conv's, less the stride and
    /// padding it works out itself.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<OptionSpec>> StructuralOptionSpecs = new Dictionary<string, IReadOnlyList<OptionSpec>>
    {
        ["concat"] = [],
        ["reduce_grid"] =
        [
            new OptionSpec("pool", "max", "the pooling branch's kind", ["max", "avg"]),
            new OptionSpec("kernel", "3x3", "the pooling branch's window: an integer or HxW"),
            new OptionSpec("stride", "2", "the pooling branch's step: an integer or HxW"),
            .. Pool.Any.OptionSpecs.Where(o => o.Name is "pad" or "ceil" or "count_include_pad"),
        ],
        ["aux_head"] = [new OptionSpec("weight", "(required)", "the weight of the head's loss in training")],
        ["residual"] =
        [
            new OptionSpec("scale", "1.0", "the factor on the body's output before the sum"),
            OptionSpec.Bool("relu", "false", "a ReLU after the sum"),
        ],
        ["shortcut"] = [],
        ["expect"] = [],
        ["factorize"] = Conv.Instance.OptionSpecs.Where(o => o.Name is not ("pad" or "stride")).ToArray(),
    };

    /// <summary>The option names of each structural statement (<see cref="StructuralOptionSpecs"/>), factorize aside.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> StructuralOptions = StructuralOptionSpecs
        .Where(entry => entry.Key != "factorize")
        .ToDictionary(entry => entry.Key, entry => entry.Value.Select(o => o.Name).ToArray());

    /// <summary>The options an op or statement takes: a leaf op's from <see cref="OpCatalog"/>, a statement's from <see cref="StructuralOptionSpecs"/>.</summary>
    public static IReadOnlyList<OptionSpec> OptionSpecs(string operation) =>
        OpCatalog.Find(operation)?.OptionSpecs ?? (StructuralOptionSpecs.TryGetValue(operation, out var specs) ? specs : []);

    /// <summary>One option of an op or statement, or null when it takes no such option.</summary>
    public static OptionSpec? Option(string operation, string option) => OptionSpecs(operation).FirstOrDefault(o => o.Name == option);

    /// <summary>Every operation keyword, leaf ops first, for "unknown operation" messages.</summary>
    public static IEnumerable<string> Keywords => OpCatalog.All.Select(d => d.Keyword).Concat(StructuralOptions.Keys.Where(k => k != "shortcut"));

    /// <summary>Whether a word is the language's own (an op, a statement, a header line, a truth value), so no block, parameter or layer should take it.</summary>
    public static bool IsReservedWord(string word) =>
        OpCatalog.Find(word) is not null || StructuralOptions.ContainsKey(word) || SyntaxKeywords.Contains(word) || word is "input" or "classes" or "true" or "false";

    /// <summary>Whether <paramref name="text"/> is a name as the parser reads one.</summary>
    public static bool IsName(string text) => Lexical.IsName(text);

    /// <summary>Leaf ops whose options a <c>defaults</c> section may set.</summary>
    public static IEnumerable<OpDefinition> Defaultable => OpCatalog.All.Where(d => d.TakesDefaults);

    internal static Pair? ReadPair(ArgumentSyntax argument) => argument switch
    {
        DimensionsArgument d => BoundValue.SizeOf(d.Sizes),
        ValueArgument { Value: NumberExpression n } => BoundValue.SizeOf(n.Value, n.Text),
        _ => null,
    };
}
