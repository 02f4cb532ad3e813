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

    public static readonly IReadOnlyDictionary<string, string[]> StructuralOptions = new Dictionary<string, string[]>
    {
        ["concat"] = new string[0],
        ["reduce_grid"] = new[] { "pool", "kernel", "stride", "pad", "ceil", "count_include_pad" },
        ["aux_head"] = new[] { "weight" },
        ["residual"] = new[] { "scale", "relu" },
        ["shortcut"] = new string[0],
        ["expect"] = new string[0],
    };

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
        DimensionsArgument { Sizes.Count: 2 } d => new Pair(d.Sizes[0], d.Sizes[1]),
        DimensionsArgument { Sizes.Count: 1 } d => Pair.Square(d.Sizes[0]),
        ValueArgument { Value: NumberExpression { IsInteger: true, Value: >= int.MinValue and <= int.MaxValue } n } => Pair.Square((int)n.Value),
        _ => null,
    };
}
