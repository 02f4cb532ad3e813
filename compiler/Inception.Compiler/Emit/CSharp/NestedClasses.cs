using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.Semantics;

namespace Inception.Compiler.Emit.CSharp;

/// <summary>
/// The block classes a network needs, nested in the network's class so that two files may both define,
/// say, <c>inception_aux</c>. Each block is emitted once, whatever number of instances it has.
/// </summary>
internal sealed class NestedClasses
{
    private readonly EmitContext _context;
    private readonly string _outerName;
    private readonly Dictionary<string, string> _classByBlock = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly List<(string ClassName, BoundBlock Block)> _pending = new();

    public NestedClasses(EmitContext context, string outerName)
    {
        _context = context;
        _outerName = outerName;
        _taken.Add(outerName);
    }

    public string Request(string preferredName, BoundBlock block)
    {
        if (_classByBlock.TryGetValue(block.Name, out var existing))
        {
            return existing;
        }

        var name = preferredName == _outerName ? preferredName + "Block" : preferredName;
        var unique = name;
        for (var i = 2; !_taken.Add(unique); i++)
        {
            unique = name + i.ToString(CultureInfo.InvariantCulture);
        }

        _classByBlock[block.Name] = unique;
        _pending.Add((unique, block));
        return unique;
    }

    /// <summary>The class texts, in the order first used; emitting one may request the classes of its own blocks.</summary>
    public IEnumerable<string> Emit()
    {
        for (var i = 0; i < _pending.Count; i++)
        {
            yield return EmitClass(_pending[i].ClassName, _pending[i].Block);
        }
    }

    private string EmitClass(string className, BoundBlock block)
    {
        var parameters = new Dictionary<string, ChannelCount>(StringComparer.Ordinal) { ["classes"] = ChannelCount.Of("numClasses") };
        var signature = new List<string> { "long inChannels" };
        foreach (var parameter in block.Parameters)
        {
            parameters[parameter] = ChannelCount.Of(CSharpNames.Camel(parameter));
            signature.Add("long " + CSharpNames.Camel(parameter));
        }

        if (_context.UsesClasses(block))
        {
            signature.Add("long numClasses");
        }

        var emitter = new ClassEmitter(_context, parameters, Request, isNetwork: false);
        emitter.Emit(block.Body.Items, ChannelCount.Of("inChannels"));

        var code = new CodeWriter();
        code.Line($"/// <summary>Block <c>{block.Name}</c>, declared at {_context.DisplayPath}({block.Location.Line.ToString(CultureInfo.InvariantCulture)}).</summary>")
            .Open($"public sealed class {className} : nn.Module<Tensor, Tensor>");
        ModelEmitter.Fields(code, emitter.Fields);
        code.Line()
            .Open($"public {className}({string.Join(", ", signature)})", $": base(nameof({className}))");
        ModelEmitter.ConstructorBody(code, emitter.Fields);
        code.Line("RegisterComponents();")
            .Close()
            .Line()
            .Open("public override Tensor forward(Tensor x)")
            .Line("using var scope = torch.NewDisposeScope();");
        foreach (var line in emitter.Forward)
        {
            code.Line(line);
        }

        code.Close().Close();
        return code.ToString();
    }
}
