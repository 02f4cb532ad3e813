using System.Collections.Generic;
using Inception.Compiler.IR;

namespace Inception.Compiler.Emit.Graph;

/// <summary>The words drawn on nodes and boxes, in the language's own terms.</summary>
internal static class GraphLabels
{
    /// <summary>A layer or folded module: its name, then what it does (<c>conv 64 5x5 pad=2 ...</c>, <c>inception_a(pool_features=32)</c>).</summary>
    public static IReadOnlyList<string> Node(IrNode node) => new[] { Name(node), node.Kind == IrKind.Layer ? Layer(node) : Call(node) };

    /// <summary>A module's box: <c>Mixed_5b: inception_a(pool_features=32)</c>, or just the name of a named sequence.</summary>
    public static string Module(IrNode module) => module.Op is SequenceOp ? Name(module) : Name(module) + ": " + Call(module);

    public static string Join(string path, string name) => path.Length == 0 ? name : name.Length == 0 ? path : path + "." + name;

    private static string Layer(IrNode node) => node.Detail.Length == 0 ? node.Op.Keyword : node.Op.Keyword + " " + node.Detail;

    private static string Call(IrNode module) => module.Op switch
    {
        SequenceOp => "sequence",
        AuxHeadOp => "aux_head " + module.Detail,
        _ => module.Op.Keyword + "(" + module.Detail + ")",
    };

    // Unnamed layers still have a path (torchvision's index or a generated name), whose last part names them.
    private static string Name(IrNode node) => node.Name.Length > 0 ? node.Name : node.Path.Substring(node.Path.LastIndexOf('.') + 1);
}
