using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.IR;

namespace Inception.Compiler.Services;

/// <summary>
/// What one statement became in one place of one network: the IR nodes it made there (a factorize makes a
/// chain), and the block instance around it, whose arguments give its widths their values.
/// </summary>
public sealed record LayerInstance(NetworkIr Network, IReadOnlyList<IrNode> Nodes, IrNode? EnclosingBlock)
{
    public IrNode First => Nodes[0];

    public Shape Input => Nodes[0].Input;

    public Shape Output => Nodes[Nodes.Count - 1].Output;

    public long Parameters => Nodes.Sum(n => n.Parameters);

    public long Macs => Nodes.Sum(n => n.Macs);

    public bool Auxiliary => Nodes[0].Auxiliary;

    /// <summary>Where the statement sits: the state_dict prefix of the module around it, or the network's name.</summary>
    public string Where => EnclosingBlock is { Path.Length: > 0 } block ? block.Path : Network.Name;

    /// <summary>The values of the enclosing block's arguments in this instance, by parameter (and <c>classes</c>).</summary>
    public IReadOnlyDictionary<string, BlockValue> Arguments
    {
        get
        {
            var values = new Dictionary<string, BlockValue>(System.StringComparer.Ordinal) { ["classes"] = BlockValue.Of((long)Network.Classes) };
            var block = EnclosingBlock?.Op switch
            {
                BlockOp call => call,
                AuxHeadOp { Body: BlockOp call } => call,
                _ => null,
            };
            if (block is not null)
            {
                for (var i = 0; i < block.Parameters.Count && i < block.Values.Count; i++)
                {
                    values[block.Parameters[i]] = block.Values[i];
                }
            }

            return values;
        }
    }
}
