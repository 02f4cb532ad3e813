using System.Linq;
using Inception.Compiler.IR;

namespace Inception.Compiler.Plan;

/// <summary>Which class an IR node instantiates: instances with the same key share one planned class.</summary>
internal static class ClassKeys
{
    /// <summary>The class a node instantiates: its block's, or an inline auxiliary head's own; null for a node that is no class instance.</summary>
    public static string? Of(IrNode node, string network) => node.Op switch
    {
        BlockOp block => Block(block, node.Input.Flat),
        AuxHeadOp { Body: BlockOp block } => Block(block, node.Input.Flat),
        AuxHeadOp => InlineHead(network, node),
        _ => null,
    };

    /// <summary>
    /// A block's class: one per distinct set of values of its option parameters (<c>block8(scale=1, relu=false)</c>)
    /// and per rank of its input, since a batch norm is 1-d on flat features and 2-d on a map.
    /// </summary>
    public static string Block(BlockOp block, bool inputFlat) =>
        Variant(block, inputFlat) is { Length: > 0 } variant ? $"{block.BlockName}({variant})" : block.BlockName;

    /// <summary>
    /// An inline head belongs to its network: two networks of a file may both have an inline head named
    /// <c>aux</c> with different layers, and a printer that writes both networks into one file keeps them apart.
    /// </summary>
    public static string InlineHead(string network, IrNode head) => $"head:{network}.{head.Name}";

    /// <summary>The values of a block's option parameters (<c>scale=1, relu=false</c>), and "flat input" for a call on flat features; empty for neither.</summary>
    public static string Variant(BlockOp block, bool inputFlat) => string.Join(
        ", ",
        block.OptionParameters.Select(p => p + "=" + block.Values[block.Parameters.ToList().IndexOf(p)]).Concat(inputFlat ? new[] { "flat input" } : new string[0]));
}
