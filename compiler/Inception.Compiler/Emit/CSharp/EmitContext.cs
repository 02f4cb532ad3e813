using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Semantics;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Emit.CSharp;

/// <summary>What every class emitter of one file shares: the bound program, the IR, the source lines.</summary>
internal sealed class EmitContext
{
    private readonly string[] _sourceLines;
    private readonly Dictionary<string, BoundBlock> _blocks;
    private readonly ILookup<SourceLocation, IrNode> _layersByLocation;

    public EmitContext(BoundProgram program, IEnumerable<NetworkIr> networks, string sourceText, string displayPath, DiagnosticBag diagnostics)
    {
        _sourceLines = sourceText.Replace("\r\n", "\n").Split('\n');
        _blocks = program.Blocks.ToDictionary(b => b.Name);
        _layersByLocation = networks.SelectMany(n => n.Layers()).ToLookup(l => l.Location);
        DisplayPath = displayPath;
        Diagnostics = diagnostics;
    }

    public string DisplayPath { get; }

    public DiagnosticBag Diagnostics { get; }

    public BoundBlock Block(string name) => _blocks[name];

    /// <summary>The .incept line a node came from, quoted in a comment beside the code it produced.</summary>
    public string SourceComment(SourceLocation location)
    {
        var line = location.Line - 1 < _sourceLines.Length ? _sourceLines[location.Line - 1].Trim() : string.Empty;
        var hash = line.IndexOf('#');
        if (hash >= 0)
        {
            line = line.Substring(0, hash).TrimEnd();
        }

        return $"// {DisplayPath}({location.Line.ToString(CultureInfo.InvariantCulture)}): {line}";
    }

    /// <summary>
    /// The spatial size (H x W) feeding a linear layer, from the IR; a block class needs one value for every
    /// instance of the block, since the constructor fixes the layer's input features.
    /// </summary>
    public long? SpatialSize(BoundNode linear)
    {
        var sizes = _layersByLocation[linear.Location].Select(l => (long)l.Input.Height * l.Input.Width).Distinct().ToList();
        if (sizes.Count == 1)
        {
            return sizes[0];
        }

        Diagnostics.Error(
            DiagnosticIds.UnsupportedEmit,
            linear.Location,
            "this linear layer sees a different grid in different instances of its block, so one C# class cannot fix its input size; put a global_avgpool or adaptive_avgpool before it");
        return null;
    }

    public bool UsesClasses(BoundBlock block) => UsesClasses(block.Body, new HashSet<string> { block.Name });

    private bool UsesClasses(BoundNode body, HashSet<string> visiting) =>
        BoundTree.Descendants(body).Any(node => node switch
        {
            BoundConv conv => Mentions(conv.OutChannels),
            BoundLinear linear => Mentions(linear.OutFeatures),
            BoundBlockCall call => call.Arguments.Any(Mentions) || (visiting.Add(call.BlockName) && UsesClasses(_blocks[call.BlockName].Body, visiting)),
            _ => false,
        });

    private static bool Mentions(ExpressionSyntax expression) => ExpressionEvaluator.Names(expression).Any(n => n.Name == "classes");
}
