using System.Collections.Generic;
using System.Linq;

namespace Inception.Compiler.Ops;

/// <summary>The leaf ops of the language, by keyword. A new op is a definition file and one line here.</summary>
public static class OpCatalog
{
    public static readonly IReadOnlyList<OpDefinition> All = new OpDefinition[]
    {
        Conv.Instance,
        Pool.Max,
        Pool.Average,
        Pool.Any,
        AdaptiveAvgPool.Instance,
        AdaptiveAvgPool.Global,
        Flatten.Instance,
        Dropout.Instance,
        Linear.Instance,
        Relu.Instance,
        BatchNorm.Instance,
        SeparableConv.Instance,
    };

    private static readonly Dictionary<string, OpDefinition> ByKeyword = All.ToDictionary(d => d.Keyword);

    public static OpDefinition? Find(string keyword) => ByKeyword.TryGetValue(keyword, out var definition) ? definition : null;
}
