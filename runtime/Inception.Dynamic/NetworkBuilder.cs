using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;

namespace Inception.Dynamic;

/// <summary>
/// Builds a <see cref="DynamicNetwork"/> from a compiled .incept file by interpreting the network's module plan,
/// the plan the C# printer prints: the same modules, names and forward, from one source.
/// </summary>
public static class NetworkBuilder
{
    /// <summary>Compiles <paramref name="path"/> and builds its network (the one named, or the file's only one).</summary>
    /// <exception cref="InceptCompilationException">The file has errors; the message lists the located diagnostics.</exception>
    public static DynamicNetwork Compile(string path, string? network = null, bool auxLogits = true) =>
        Build(Compilation.CompileFile(path), network, auxLogits);

    /// <param name="classes">
    /// Build the network with this many classes instead of the file's, as timm's <c>num_classes</c> does: every
    /// width written with <c>classes</c> follows, and the network's output must be one of them.
    /// </param>
    public static DynamicNetwork Build(CompilationResult compilation, string? network = null, bool auxLogits = true, int? classes = null)
    {
        if (compilation.HasErrors)
        {
            throw new InceptCompilationException(compilation.Diagnostics);
        }

        var plan = network is null
            ? compilation.Plans.Count == 1 ? compilation.Plans[0] : throw new NetworkChoiceException(NetworkChoiceProblem.Unnamed, $"{compilation.Path} holds {compilation.Plans.Count} networks; name one")
            : compilation.Plans.FirstOrDefault(n => n.Name == network) ?? throw new NetworkChoiceException(NetworkChoiceProblem.Unknown, $"{compilation.Path} has no network '{network}'");
        var ir = compilation.Networks.First(n => n.Name == plan.Name);
        if (classes is { } wanted && wanted != plan.Classes)
        {
            if (wanted < 1)
            {
                throw new NetworkChoiceException(NetworkChoiceProblem.Classes, $"a network needs at least one class, not {wanted}");
            }

            var environment = new Dictionary<string, long> { [ChannelExpression.Classes] = wanted, [ChannelExpression.InChannels] = plan.Input.Channels };
            if (plan.Network.Output.Evaluate(environment, out _) != wanted)
            {
                throw new NetworkChoiceException(
                    NetworkChoiceProblem.Classes,
                    $"{plan.Name}'s output width is written as {plan.Network.Output}, not with 'classes', so it cannot be built with {wanted} classes; " +
                    "write its classifier as 'linear classes'");
            }

            var diagnostics = new DiagnosticBag();
            (ir, plan) = compilation.WithClasses(plan.Name, wanted, diagnostics)
                ?? throw new NetworkChoiceException(NetworkChoiceProblem.Classes, $"{plan.Name} cannot be built with {wanted} classes: {string.Join("; ", diagnostics.Items.Select(d => d.ToString()))}");
        }

        return new DynamicNetwork(ir, plan, auxLogits, plan.Classes);
    }
}
