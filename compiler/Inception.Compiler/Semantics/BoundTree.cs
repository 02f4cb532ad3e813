using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Diagnostics;

namespace Inception.Compiler.Semantics;

/// <summary>Walks of the bound tree that the emitters and the run-time builder share.</summary>
public static class BoundTree
{
    /// <summary>The node and everything under it, depth first; block calls are not followed.</summary>
    public static IEnumerable<BoundNode> Descendants(BoundNode node)
    {
        yield return node;
        IEnumerable<BoundNode> children = node switch
        {
            BoundSequence sequence => sequence.Items,
            BoundConcat concat => concat.Branches,
            BoundAuxHead head => new[] { head.Body },
            _ => Enumerable.Empty<BoundNode>(),
        };
        foreach (var descendant in children.SelectMany(Descendants))
        {
            yield return descendant;
        }
    }

    /// <summary>
    /// Every named node of the program's blocks and networks, by where it was written and its name: an IR layer
    /// carries both, which leads back to its settings (kernel, stride, batch norm, init_std). Layers a sugar
    /// expanded from one statement share its location but not their names.
    /// </summary>
    public static IReadOnlyDictionary<(SourceLocation Location, string Name), BoundNode> ByLocationAndName(BoundProgram program) =>
        program.Blocks.Select(b => (BoundNode)b.Body)
            .Concat(program.Networks.Select(n => n.Body))
            .SelectMany(Descendants)
            .Where(n => n.Name.Length > 0)
            .GroupBy(n => (n.Location, n.Name))
            .ToDictionary(g => g.Key, g => g.First());
}
