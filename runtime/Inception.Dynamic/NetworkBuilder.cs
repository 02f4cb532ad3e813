using System;
using System.Linq;
using Inception.Compiler;

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

    public static DynamicNetwork Build(CompilationResult compilation, string? network = null, bool auxLogits = true)
    {
        if (compilation.HasErrors)
        {
            throw new InceptCompilationException(compilation.Diagnostics);
        }

        var plan = network is null
            ? compilation.Plans.Count == 1 ? compilation.Plans[0] : throw new ArgumentException($"{compilation.Path} holds {compilation.Plans.Count} networks; name one")
            : compilation.Plans.FirstOrDefault(n => n.Name == network) ?? throw new ArgumentException($"{compilation.Path} has no network '{network}'");
        var ir = compilation.Networks.First(n => n.Name == plan.Name);
        return new DynamicNetwork(ir, plan, auxLogits);
    }
}
