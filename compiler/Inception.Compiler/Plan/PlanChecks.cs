using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;

namespace Inception.Compiler.Plan;

/// <summary>What the plan checks before a target sees it, so <c>check</c> reports it too: names the generated classes cannot take, and grids one class cannot fix.</summary>
internal static class PlanChecks
{
    /// <summary>Reports layer names that would clash with members every module class has, and a network named like a type the code uses.</summary>
    public static bool NamesAreFree(NetworkIr network, IEnumerable<ClassPlan> classes, DiagnosticBag diagnostics)
    {
        var free = true;
        if (ReservedNames.IsReservedNetwork(network.Name))
        {
            diagnostics.Report(network.Root.Location, Errors.ReservedNetworkName(network.Name));
            free = false;
        }

        foreach (var plan in classes)
        {
            foreach (var child in plan.Children)
            {
                if (ReservedNames.IsReservedMember(child.Name) || (plan.Kind == ClassKind.Network && child.Name == network.Name))
                {
                    diagnostics.Report(child.Location, Errors.ReservedLayerName(child.Name, isNetworkName: child.Name == network.Name));
                    free = false;
                }

                // A named sequence's items are children of a torch Sequential, which has the same members.
                foreach (var item in SequenceItems(child.Module).Where(i => ReservedNames.IsReservedMember(i)))
                {
                    diagnostics.Report(child.Location, Errors.ReservedLayerName(item, isNetworkName: false));
                    free = false;
                }
            }
        }

        return free;
    }

    private static IEnumerable<string> SequenceItems(ModuleSpec module) =>
        module is SequentialModule sequential
            ? sequential.Items.SelectMany(i => (i.Name is { } name ? new[] { name } : Array.Empty<string>()).Concat(SequenceItems(i.Module)))
            : Array.Empty<string>();

    /// <summary>H x W of a layer's input, which must be the same in every instance of its class (one constructor fixes it); null, reported, where they differ.</summary>
    public static long? InputSpatialSize(IrNode node, IrNode instance, IReadOnlyList<IrNode> instances, DiagnosticBag diagnostics)
    {
        var relative = node.Path.Substring(instance.Path.Length);
        var sizes = instances
            .Select(i => Find(i, i.Path + relative))
            .Where(n => n is not null)
            .Select(n => (long)n!.Input.Height * n.Input.Width)
            .Distinct()
            .ToList();
        if (sizes.Count == 1)
        {
            return sizes[0];
        }

        diagnostics.Report(node.Location, Errors.GridDiffersPerInstance(node.Op.Keyword));
        return null;
    }

    private static IrNode? Find(IrNode node, string path) =>
        node.Path == path && node.Kind == IrKind.Layer
            ? node
            : node.Children.Where(c => path.StartsWith(c.Path, StringComparison.Ordinal)).Select(c => Find(c, path)).FirstOrDefault(n => n is not null);
}
