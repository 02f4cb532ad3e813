using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;

namespace Inception.Compiler.Services;

/// <summary>
/// The IR of a compilation indexed by source place: for each statement, what it became in every instance of
/// its block (or once, in a network), so an editor shows a block's layers with the shapes of each call.
/// </summary>
public sealed class InstanceIndex
{
    private readonly Dictionary<SourceLocation, List<LayerInstance>> _byLocation = new();
    private readonly Dictionary<string, List<(NetworkIr Network, IrNode Node)>> _blockInstances = new(System.StringComparer.Ordinal);
    private readonly List<NetworkIr> _networks = new();

    public static readonly InstanceIndex Empty = new(Enumerable.Empty<NetworkIr>());

    public InstanceIndex(IEnumerable<NetworkIr> networks)
    {
        foreach (var network in networks)
        {
            _networks.Add(network);
            var groups = new Dictionary<(SourceLocation, string), (List<IrNode> Nodes, IrNode? Block)>();
            var order = new List<(SourceLocation, string)>();
            Walk(network, network.Root, null, groups, order);
            foreach (var key in order)
            {
                var (nodes, block) = groups[key];
                if (!_byLocation.TryGetValue(key.Item1, out var list))
                {
                    list = new List<LayerInstance>();
                    _byLocation[key.Item1] = list;
                }

                list.Add(new LayerInstance(network, nodes, block));
            }
        }
    }

    public IReadOnlyList<NetworkIr> Networks => _networks;

    /// <summary>What the statement at this place became, instance by instance, in source order of the networks.</summary>
    public IReadOnlyList<LayerInstance> At(SourceLocation location) =>
        _byLocation.TryGetValue(location, out var list) ? list : (IReadOnlyList<LayerInstance>)new LayerInstance[0];

    /// <summary>The block's instances: the module nodes of its calls (and of auxiliary heads that are its calls).</summary>
    public IReadOnlyList<(NetworkIr Network, IrNode Node)> InstancesOf(string block) =>
        _blockInstances.TryGetValue(block, out var list) ? list : (IReadOnlyList<(NetworkIr, IrNode)>)new (NetworkIr, IrNode)[0];

    public NetworkIr? Network(string name) => _networks.FirstOrDefault(n => n.Name == name);

    private void Walk(NetworkIr network, IrNode node, IrNode? block, Dictionary<(SourceLocation, string), (List<IrNode>, IrNode?)> groups, List<(SourceLocation, string)> order)
    {
        var name = BlockName(node.Op);
        if (node.Kind != IrKind.Sequence && node.Path.Length > 0)
        {
            // A factorize makes a chain of layers at one place: one instance. A structure's own helpers at its
            // place (reduce_grid's pool branch) belong to the structure, whose output is the statement's.
            var key = (node.Location, network.Name + "/" + (block?.Path ?? string.Empty));
            if (!groups.TryGetValue(key, out var group))
            {
                group = (new List<IrNode>(), block);
                groups[key] = group;
                order.Add(key);
                group.Item1.Add(node);
            }
            else if (group.Item1[0].Kind == IrKind.Layer && node.Kind == IrKind.Layer)
            {
                group.Item1.Add(node);
            }
        }

        if (name is not null)
        {
            if (!_blockInstances.TryGetValue(name, out var list))
            {
                list = new List<(NetworkIr, IrNode)>();
                _blockInstances[name] = list;
            }

            list.Add((network, node));
        }

        var inner = name is not null ? node : block;
        foreach (var child in node.Children)
        {
            Walk(network, child, inner, groups, order);
        }
    }

    private static string? BlockName(IrOp op) => op switch
    {
        BlockOp block => block.BlockName,
        AuxHeadOp { Body: BlockOp block } => block.BlockName,
        _ => null,
    };

}
