using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Semantics;

/// <summary>The statements the binder itself owns (structure, not layers) and the options each accepts; leaf ops live in <see cref="OpCatalog"/>.</summary>
internal static class SemanticFacts
{
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

    /// <summary>Leaf ops whose options a <c>defaults</c> section may set.</summary>
    public static IEnumerable<OpDefinition> Defaultable => OpCatalog.All.Where(d => d.TakesDefaults);

    public static Pair? ReadPair(ArgumentSyntax argument) => argument switch
    {
        DimensionsArgument { Sizes.Count: 2 } d => new Pair(d.Sizes[0], d.Sizes[1]),
        DimensionsArgument { Sizes.Count: 1 } d => Pair.Square(d.Sizes[0]),
        ValueArgument { Value: NumberExpression { IsInteger: true, Value: >= int.MinValue and <= int.MaxValue } n } => Pair.Square((int)n.Value),
        _ => null,
    };
}
