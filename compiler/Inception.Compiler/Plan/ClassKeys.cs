using System.Linq;
using Inception.Compiler.IR;

namespace Inception.Compiler.Plan;

/// <summary>Which class an IR node instantiates: instances with the same key share one planned class.</summary>
internal static class ClassKeys
{
    /// <summary>The class a node instantiates: its block's, or an inline auxiliary head's own; null for a node that is no class instance.</summary>
    public static string? Of(IrNode node, string network) => node.Op switch
    {
        BlockOp block => Block(block),
        AuxHeadOp { Body: BlockOp block } => Block(block),
        AuxHeadOp => InlineHead(network, node),
        _ => null,
    };

    /// <summary>A block's class: one per distinct set of values of its option parameters (<c>block8(scale=1, relu=false)</c>).</summary>
    public static string Block(BlockOp block) =>
        block.OptionParameters.Count == 0 ? block.BlockName : $"{block.BlockName}({Variant(block)})";

    /// <summary>
    /// An inline head belongs to its network: two networks of a file may both have an inline head named
    /// <c>aux</c> with different layers, and a printer that writes both networks into one file keeps them apart.
    /// </summary>
    public static string InlineHead(string network, IrNode head) => $"head:{network}.{head.Name}";

    /// <summary>The values of a block's option parameters (<c>scale=1, relu=false</c>); empty without any.</summary>
    public static string Variant(BlockOp block) =>
        string.Join(", ", block.OptionParameters.Select(p => p + "=" + block.Values[block.Parameters.ToList().IndexOf(p)]));
}
