using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.Semantics;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Emit.CSharp;

/// <summary>
/// Emits the fields, constructor body and forward of one module class (a network, a block or an inline
/// auxiliary head) from its bound statements. Channel counts stay symbolic in the class's constructor
/// parameters, so one block definition gives one class, as in torchvision.
/// </summary>
internal sealed class ClassEmitter
{
    private static readonly Regex BranchSuffix = new("_[0-9]+[a-z]?$");
    private static readonly Regex GeneratedName = new("^[a-z_]+_[0-9]+$");

    private readonly EmitContext _context;
    private readonly IReadOnlyDictionary<string, ChannelCount> _parameters;
    private readonly Func<string, BoundBlock, string> _nestedClass;
    private readonly bool _isNetwork;
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal) { "x", "scope" };

    public ClassEmitter(EmitContext context, IReadOnlyDictionary<string, ChannelCount> parameters, Func<string, BoundBlock, string> nestedClass, bool isNetwork)
    {
        _context = context;
        _parameters = parameters;
        _nestedClass = nestedClass;
        _isNetwork = isNetwork;
    }

    public List<Field> Fields { get; } = new();

    public List<string> Forward { get; } = new();

    public List<(string Name, double Weight)> AuxHeads { get; } = new();

    /// <summary>Emits <paramref name="items"/> on the forward's input <c>x</c>; returns the output channels.</summary>
    public ChannelCount Emit(IEnumerable<BoundNode> items, ChannelCount inChannels)
    {
        var flow = new Flow(this, "x", "x", declared: true, indent: 0);
        var (channels, _) = Items(items, flow, inChannels, flat: false);
        var last = Forward.Count - 1;
        const string assignment = "x = ";
        if (last >= 0 && Forward[last].StartsWith(assignment, StringComparison.Ordinal))
        {
            // Return the last result directly instead of through one more assignment.
            Forward[last] = "return " + Forward[last].Substring(assignment.Length).TrimEnd(';') + ".MoveToOuterDisposeScope();";
        }
        else
        {
            Forward.Add("return x.MoveToOuterDisposeScope();");
        }

        return channels;
    }

    private (ChannelCount Channels, bool Flat) Items(IEnumerable<BoundNode> items, Flow flow, ChannelCount channels, bool flat)
    {
        foreach (var item in items)
        {
            (channels, flat) = Item(item, flow, channels, flat);
        }

        return (channels, flat);
    }

    private (ChannelCount Channels, bool Flat) Item(BoundNode item, Flow flow, ChannelCount channels, bool flat)
    {
        switch (item)
        {
            case BoundExpect:
                return (channels, flat);
            case BoundSequence { IsModule: false } sequence:
                return Items(sequence.Items, flow, channels, flat);
            case BoundSequence sequence:
                return NamedSequence(sequence, flow, channels, flat);
            case BoundConcat concat:
                return (Concat(concat, flow, channels, flat), flat);
            case BoundAuxHead head:
                AuxHead(head, flow, channels);
                return (channels, flat);
            case BoundBlockCall call:
                {
                    var (type, initializer, output) = BlockInstance(call, call.Name, channels);
                    AddField(type, call.Name, initializer, call.Location);
                    flow.Apply(v => $"this.{CSharpNames.Field(call.Name)}.call({v})");
                    return (output, flat);
                }

            case BoundLinear linear when linear.BatchNormEps is { } eps:
                {
                    var (type, initializer, output, call) = Layer(linear, channels, flat)!.Value;
                    AddField(type, linear.Name, initializer, linear.Location);
                    var norm = linear.Name + "_bn";
                    AddField("BatchNorm1d", norm, $"nn.BatchNorm1d({output}, eps: {Number(eps)})", linear.Location);
                    var relu = linear.Relu ? ".relu()" : string.Empty;
                    flow.Apply(v => $"this.{CSharpNames.Field(norm)}.call({call(v)}){relu}");
                    return (output, true);
                }

            default:
                {
                    if (Layer(item, channels, flat) is not { } layer)
                    {
                        return (channels, flat);
                    }

                    AddField(layer.Type, item.Name, layer.Initializer, item.Location);
                    flow.Apply(layer.Call);
                    return (layer.Output, flat || item is BoundLinear or BoundFlatten);
                }
        }
    }

    /// <summary>A leaf layer: its field type, constructor expression, output channels and forward call.</summary>
    private (string Type, string Initializer, ChannelCount Output, Func<string, string> Call)? Layer(BoundNode node, ChannelCount channels, bool flat)
    {
        var field = "this." + CSharpNames.Field(node.Name);
        switch (node)
        {
            case BoundConv conv when conv.BatchNormEps is { } eps:
                {
                    var output = Channels(conv.OutChannels);
                    var arguments = $"{channels}, {output}, {Pair(conv.Kernel)}{Optional("stride", conv.Stride, Semantics.Pair.Square(1))}{Optional("padding", conv.Padding, Semantics.Pair.Square(0))}"
                        + (conv.Bias ? ", bias: true" : string.Empty)
                        + (eps == 1e-3 ? string.Empty : $", eps: {Number(eps)}")
                        + (conv.Relu ? string.Empty : ", relu: false");
                    return ("BasicConv2d", $"new BasicConv2d({arguments})", output, v => $"{field}.call({v})");
                }

            case BoundConv conv:
                {
                    var output = Channels(conv.OutChannels);
                    var arguments = $"{channels}, {output}, {Pair(conv.Kernel)}{Optional("stride", conv.Stride, Semantics.Pair.Square(1))}{Optional("padding", conv.Padding, Semantics.Pair.Square(0))}"
                        + (conv.Bias ? string.Empty : ", bias: false");
                    var relu = conv.Relu ? ".relu()" : string.Empty;
                    return ("Conv2d", $"nn.Conv2d({arguments})", output, v => $"{field}.call({v}){relu}");
                }

            case BoundPool pool:
                {
                    var type = pool.Kind == PoolKind.Max ? "MaxPool2d" : "AvgPool2d";
                    var arguments = $"{Pair(pool.Kernel)}, stride: {Pair(pool.Stride)}{Optional("padding", pool.Padding, Semantics.Pair.Square(0))}"
                        + (pool.CeilMode ? ", ceil_mode: true" : string.Empty)
                        + (pool.Kind == PoolKind.Average && !pool.CountIncludePad ? ", count_include_pad: false" : string.Empty);
                    return (type, $"nn.{type}({arguments})", channels, v => $"{field}.call({v})");
                }

            case BoundAdaptiveAvgPool adaptive:
                return ("AdaptiveAvgPool2d", $"nn.AdaptiveAvgPool2d({Pair(adaptive.OutputSize)})", channels, v => $"{field}.call({v})");
            case BoundFlatten flatten:
                {
                    var size = flat ? 1 : _context.SpatialSize(flatten);
                    return size is null ? null : ("Flatten", "nn.Flatten()", channels.Times(size.Value), v => $"{field}.call({v})");
                }

            case BoundDropout dropout:
                return ("Dropout", $"nn.Dropout({Number(dropout.Probability)})", channels, v => $"{field}.call({v})");
            case BoundRelu:
                return ("ReLU", "nn.ReLU()", channels, v => $"{field}.call({v})");
            case BoundBatchNorm norm:
                {
                    var type = flat ? "BatchNorm1d" : "BatchNorm2d";
                    return (type, $"nn.{type}({channels}, eps: {Number(norm.Eps)})", channels, v => $"{field}.call({v})");
                }

            case BoundLinear linear:
                {
                    var size = flat ? 1 : _context.SpatialSize(linear);
                    if (size is null)
                    {
                        return null;
                    }

                    var output = Channels(linear.OutFeatures);
                    var bias = linear.Bias ? string.Empty : ", hasBias: false";
                    var relu = linear.Relu && linear.BatchNormEps is null ? ".relu()" : string.Empty;

                    // Linear layers flatten their input, as torchvision's classifiers do after pooling.
                    return ("Linear", $"nn.Linear({channels.Times(size.Value)}, {output}{bias})", output, v => $"{field}.call({(flat ? v : v + ".flatten(1)")}){relu}");
                }

            default:
                _context.Diagnostics.Error(DiagnosticIds.UnsupportedEmit, node.Location, $"the C# emitter cannot place a {node.GetType().Name} here");
                return null;
        }
    }

    private (ChannelCount, bool) NamedSequence(BoundSequence sequence, Flow flow, ChannelCount channels, bool flat)
    {
        var modules = new List<string>();
        var named = sequence.Items.Any(i => !int.TryParse(i.Name, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        foreach (var item in sequence.Items.Where(i => i is not BoundExpect))
        {
            string initializer;
            if (item is BoundBlockCall call)
            {
                var instance = BlockInstance(call, call.Name, channels);
                initializer = instance.Initializer;
                channels = instance.Output;
            }
            else if (item is not (BoundLinear or BoundConv { BatchNormEps: null, Relu: true }) && Layer(item, channels, flat) is { } layer)
            {
                initializer = layer.Initializer;
                channels = layer.Output;
                flat |= item is BoundFlatten;
            }
            else
            {
                _context.Diagnostics.Error(DiagnosticIds.UnsupportedEmit, item.Location, "a named sequence becomes a torch Sequential, which holds convolutions with batch norm, pools, dropout and blocks; put other layers in a block");
                continue;
            }

            modules.Add(named ? $"({CSharpNames.Literal(item.Name)}, {initializer})" : initializer);
        }

        AddField("Sequential", sequence.Name, $"nn.Sequential({string.Join(", ", modules)})", sequence.Location);
        flow.Apply(v => $"this.{CSharpNames.Field(sequence.Name)}.call({v})");
        return (channels, flat);
    }

    private ChannelCount Concat(BoundConcat concat, Flow flow, ChannelCount channels, bool flat)
    {
        var outputs = new List<ChannelCount>();
        var variables = new List<string>();
        foreach (var branch in concat.Branches)
        {
            var variable = Local(BranchName(branch));
            var branchFlow = new Flow(this, flow.Current, variable, declared: false, flow.Indent);
            outputs.Add(Item(branch, branchFlow, channels, flat).Channels);
            variables.Add(variable);
        }

        flow.Apply(_ => $"torch.cat(new[] {{ {string.Join(", ", variables)} }}, 1)");
        return ChannelCount.Sum(outputs);
    }

    private void AuxHead(BoundAuxHead head, Flow flow, ChannelCount channels)
    {
        if (!_isNetwork)
        {
            _context.Diagnostics.Error(DiagnosticIds.UnsupportedEmit, head.Location, "the C# emitter supports aux_head in a network, not inside a block");
            return;
        }

        var (type, initializer, _) = head.Body is BoundBlockCall call
            ? BlockInstance(call, head.Name, channels)
            : InlineHead(head, channels);
        AddField(type + "?", head.Name, $"auxLogits ? {initializer} : null", head.Location);
        AuxHeads.Add((head.Name, head.LossWeight));
        var field = CSharpNames.Field(head.Name);
        var weight = CSharpNames.Pascal(head.Name) + "LossWeight";
        flow.Line("if (ComputesAuxiliaryOutputs)");
        flow.Line("{");
        flow.Line($"    RecordAuxiliaryOutput({CSharpNames.Literal(head.Name)}, {weight}, this.{field}!.call({flow.Current}).MoveToOuterDisposeScope());");
        flow.Line("}");
    }

    private (string Type, string Initializer, ChannelCount Output) InlineHead(BoundAuxHead head, ChannelCount channels)
    {
        // An inline head becomes a class of its own, like a block without parameters.
        var block = new BoundBlock(head.Name, Text.EquatableArray<string>.Empty, (BoundSequence)head.Body, head.Location);
        var type = _nestedClass(CSharpNames.Pascal(head.Name) + "Head", block);
        var arguments = channels + (_context.UsesClasses(block) ? ", numClasses" : string.Empty);
        return (type, $"new {type}({arguments})", Channels(new NameExpression("classes", default)));
    }

    private (string Type, string Initializer, ChannelCount Output) BlockInstance(BoundBlockCall call, string name, ChannelCount channels)
    {
        var block = _context.Block(call.BlockName);
        var type = _nestedClass(CSharpNames.Pascal(block.Name), block);
        var arguments = new List<string> { channels.ToString() };
        var calleeParameters = new Dictionary<string, ChannelCount>(StringComparer.Ordinal) { ["classes"] = _parameters["classes"] };
        for (var i = 0; i < block.Parameters.Count; i++)
        {
            var value = Channels(call.Arguments[i]);
            calleeParameters[block.Parameters[i]] = value;
            arguments.Add(value.ToString());
        }

        if (_context.UsesClasses(block))
        {
            arguments.Add(_parameters["classes"].ToString());
        }

        // The callee's output width, in this class's terms: emit its body once more, into a throwaway emitter.
        var probe = new ClassEmitter(_context, calleeParameters, (n, _) => n, isNetwork: false);
        var output = probe.Emit(block.Body.Items, channels);
        return (type, $"new {type}({string.Join(", ", arguments)})", output);
    }

    private ChannelCount Channels(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case NumberExpression number:
                return ChannelCount.Of((long)number.Value);
            case NameExpression name:
                return _parameters[name.Name];
            case BinaryExpression binary:
                var left = Channels(binary.Left);
                var right = Channels(binary.Right);
                if (left.Terms.Count == 0 && right.Terms.Count == 0)
                {
                    // The IR builder has already rejected a division by zero in any instance.
                    return ChannelCount.Of((long)ExpressionEvaluator.Apply(binary.Operator, left.Constant, right.Constant)!.Value);
                }

                return binary.Operator == '+'
                    ? ChannelCount.Sum(new[] { left, right })
                    : ChannelCount.Of($"({left}) {binary.Operator} ({right})");
            default:
                throw new InvalidOperationException("unknown expression");
        }
    }

    private void AddField(string type, string name, string initializer, SourceLocation location) =>
        Fields.Add(new Field(type, CSharpNames.Field(name), initializer, _context.SourceComment(location)));

    private string Local(string name)
    {
        // Locals keep the .incept spelling (branch3x3_2a), so the forward reads like torchvision's.
        var candidate = CSharpNames.Escape(name);
        var unique = candidate;
        for (var i = 2; !_locals.Add(unique); i++)
        {
            unique = candidate + i.ToString(CultureInfo.InvariantCulture);
        }

        return unique;
    }

    /// <summary>
    /// A branch's variable: a one-layer branch takes the layer's name; a longer one the name of its last named
    /// layer without the step suffix, as torchvision names them (branch5x5_1, branch5x5_2 -> branch5x5).
    /// </summary>
    private static string BranchName(BoundNode branch)
    {
        if (branch is not BoundSequence { IsModule: false } sequence)
        {
            return branch.Name.Length > 0 ? branch.Name : "branch";
        }

        var chosen = sequence.Items.Select(i => i.Name).LastOrDefault(n => n.Length > 0 && !GeneratedName.IsMatch(n));
        return chosen is null ? "branch" : BranchSuffix.Replace(chosen, string.Empty);
    }

    private static string Pair(Pair pair) => $"({pair.Height.ToString(CultureInfo.InvariantCulture)}, {pair.Width.ToString(CultureInfo.InvariantCulture)})";

    private static string Optional(string name, Pair value, Pair fallback) => value == fallback ? string.Empty : $", {name}: {Pair(value)}";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal sealed record Field(string Type, string Name, string Initializer, string Comment);

    /// <summary>Threads one tensor variable through a run of layers: <c>var b = f(x); b = g(b);</c>.</summary>
    private sealed class Flow
    {
        private readonly ClassEmitter _owner;
        private readonly string _target;
        private bool _declared;

        public Flow(ClassEmitter owner, string current, string target, bool declared, int indent)
        {
            _owner = owner;
            Current = current;
            _target = target;
            _declared = declared;
            Indent = indent;
        }

        public string Current { get; private set; }

        public int Indent { get; }

        public void Apply(Func<string, string> call)
        {
            var expression = call(Current);
            Line(_declared ? $"{_target} = {expression};" : $"var {_target} = {expression};");
            _declared = true;
            Current = _target;
        }

        public void Line(string text) => _owner.Forward.Add(new string(' ', 4 * Indent) + text);
    }
}
