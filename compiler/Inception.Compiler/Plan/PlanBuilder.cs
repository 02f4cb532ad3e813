using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;

namespace Inception.Compiler.Plan;

/// <summary>
/// Lowers a network's IR to its module plan: groups the IR's class instances by <see cref="ClassKeys"/>, has
/// <see cref="ClassLowering"/> plan one class per key (callers before callees), and runs
/// <see cref="PlanChecks"/>. What a target cannot express (a linear layer that sees different grids in different
/// instances, layers a torch Sequential cannot hold, an aux head inside a block) is reported here, so
/// <c>check</c> reports it too.
/// </summary>
public sealed class PlanBuilder
{
    private readonly Dictionary<string, List<IrNode>> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClassPlan?> _classes = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();

    private PlanBuilder(NetworkIr network, DiagnosticBag diagnostics)
    {
        NetworkName = network.Name;
        Diagnostics = diagnostics;
        foreach (var node in network.Nodes())
        {
            if (ClassKeys.Of(node, network.Name) is { } key)
            {
                if (!_instances.TryGetValue(key, out var list))
                {
                    _instances[key] = list = new List<IrNode>();
                }

                list.Add(node);
            }
        }
    }

    internal string NetworkName { get; }

    internal DiagnosticBag Diagnostics { get; }

    /// <summary>The plan, or null when something could not be lowered (the diagnostics say what and where).</summary>
    public static ModelPlan? Build(NetworkIr network, DiagnosticBag diagnostics)
    {
        var builder = new PlanBuilder(network, diagnostics);
        var errors = diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error);
        var root = network.Root;
        var networkClass = builder.BuildClass("network", network.Name, ClassKind.Network, EquatableArray<string>.Empty, root, ChannelExpression.Of(network.Input.Channels));
        if (networkClass is null || diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error) > errors)
        {
            return null;
        }

        if (!PlanChecks.NamesAreFree(network, new[] { networkClass }.Concat(builder._order.Select(k => builder._classes[k]!)), diagnostics))
        {
            return null;
        }

        return new ModelPlan(
            network.Name,
            network.SourcePath,
            network.Input,
            network.Classes,
            network.Parameters,
            network.AuxParameters,
            network.Macs,
            networkClass,
            builder._order.Select(k => builder._classes[k]!).ToEquatableArray(),
            network.AuxHeads.Select(h => new AuxHeadPlan(h.Path, h.LossWeight)).ToEquatableArray());
    }

    /// <summary>Every instance of a class in the network (a class's lowering checks that they agree where one constructor must fix a size); the network's class has its one.</summary>
    internal IReadOnlyList<IrNode> Instances(string key, IrNode first) => _instances.TryGetValue(key, out var all) ? all : new[] { first };

    internal ClassPlan? ClassFor(string key, IrNode instance)
    {
        if (_classes.TryGetValue(key, out var existing))
        {
            return existing;
        }

        // Claim the slot first so classes come out in order of first use, callers before their callees.
        _order.Add(key);
        _classes[key] = null;
        var built = instance.Op switch
        {
            BlockOp block => BuildClass(key, block.BlockName, ClassKind.Block, block.WidthParameters.ToEquatableArray(), instance, ChannelExpression.Parameter(ChannelExpression.InChannels)),
            AuxHeadOp { Body: BlockOp block } => BuildClass(key, block.BlockName, ClassKind.Block, block.WidthParameters.ToEquatableArray(), instance, ChannelExpression.Parameter(ChannelExpression.InChannels)),
            _ => BuildClass(key, instance.Name, ClassKind.InlineHead, EquatableArray<string>.Empty, instance, ChannelExpression.Parameter(ChannelExpression.InChannels)),
        };
        _classes[key] = built;
        return built;
    }

    private ClassPlan? BuildClass(string key, string name, ClassKind kind, EquatableArray<string> parameters, IrNode instance, ChannelExpression inChannels)
    {
        var walk = new ClassLowering(this, key, instance, kind);
        var width = inChannels;
        var forward = walk.Steps(instance.Children, ref width);
        if (forward is null)
        {
            return null;
        }

        var takesClasses = walk.Children.Any(c => Mentions(c.Module, ChannelExpression.Classes));
        var (declaration, variant) = instance.Op switch
        {
            BlockOp block => (block.Declaration, ClassKeys.Variant(block, instance.Input.Flat)),
            AuxHeadOp { Body: BlockOp block } => (block.Declaration, ClassKeys.Variant(block, instance.Input.Flat)),
            _ => (instance.Location, string.Empty),
        };
        return new ClassPlan(key, name, variant, kind, parameters, takesClasses, walk.Children.ToEquatableArray(), forward.ToEquatableArray(), width, walk.InitialStds.ToEquatableArray(), declaration);
    }

    private static bool Mentions(ModuleSpec module, string parameter) => module switch
    {
        LibraryModule library => library.Arguments.Any(a => a.Value is ChannelsValue w && w.Channels.Names().Contains(parameter)),
        ClassModule instance => instance.Arguments.Any(a => a.Names().Contains(parameter)),
        SequentialModule sequential => sequential.Items.Any(i => Mentions(i.Module, parameter)),
        _ => throw new InvalidOperationException($"unknown module spec {module.GetType().Name}"),
    };
}
