using System.Collections.Generic;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Semantics;

/// <summary>The operations of the language and the options each accepts.</summary>
internal static class SemanticFacts
{
    public static readonly IReadOnlyDictionary<string, string[]> OptionsByOperation = new Dictionary<string, string[]>
    {
        ["conv"] = new[] { "stride", "pad", "bias", "bn", "eps", "relu", "init_std" },
        ["maxpool"] = new[] { "stride", "pad", "ceil" },
        ["avgpool"] = new[] { "stride", "pad", "ceil", "count_include_pad" },
        ["adaptive_avgpool"] = new string[0],
        ["global_avgpool"] = new string[0],
        ["flatten"] = new string[0],
        ["dropout"] = new string[0],
        ["linear"] = new[] { "bias", "bn", "eps", "relu", "init_std" },
        ["relu"] = new string[0],
        ["batchnorm"] = new[] { "eps" },
        ["concat"] = new string[0],
        ["reduce_grid"] = new[] { "pool", "kernel", "stride" },
        ["aux_head"] = new[] { "weight" },
        ["expect"] = new string[0],
        ["input"] = new string[0],
        ["classes"] = new string[0],
    };

    /// <summary>Operations whose options a <c>defaults</c> section may set.</summary>
    public static readonly HashSet<string> Defaultable = new() { "conv", "maxpool", "avgpool", "linear", "batchnorm" };

    public static Pair? ReadPair(ArgumentSyntax argument) => argument switch
    {
        DimensionsArgument { Sizes.Count: 2 } d => new Pair(d.Sizes[0], d.Sizes[1]),
        DimensionsArgument { Sizes.Count: 1 } d => Pair.Square(d.Sizes[0]),
        ValueArgument { Value: NumberExpression { IsInteger: true } n } => Pair.Square((int)n.Value),
        _ => null,
    };
}
