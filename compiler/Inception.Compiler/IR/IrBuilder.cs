using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.Analysis;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.Semantics;
using Inception.Compiler.Syntax;
using Inception.Compiler.Text;

namespace Inception.Compiler.IR;

/// <summary>
/// Instantiates a bound network: evaluates block arguments, propagates shapes from the input, checks each
/// layer against its input and counts parameters and MACs. After a shape error on a path the rest of that
/// path is skipped, so one mistake gives one diagnostic instead of a cascade.
/// </summary>
public sealed class IrBuilder
{
    private readonly Dictionary<string, BoundBlock> _blocks;
    private readonly DiagnosticBag _diagnostics;
    private readonly Stack<string> _callStack = new();
    private readonly List<AuxHeadIr> _auxHeads = new();

    private IrBuilder(BoundProgram program, DiagnosticBag diagnostics)
    {
        _blocks = program.Blocks.ToDictionary(b => b.Name);
        _diagnostics = diagnostics;
    }

    public static NetworkIr? Build(BoundProgram program, BoundNetwork network, DiagnosticBag diagnostics)
    {
        var builder = new IrBuilder(program, diagnostics);
        var environment = new Dictionary<string, double> { ["classes"] = network.Classes };
        var children = builder.Sequence(network.Body.Items, network.Input, string.Empty, environment, auxiliary: false, out var output);
        if (children is null)
        {
            return null;
        }

        if (output != new Shape(network.Classes, 1, 1))
        {
            diagnostics.Error(
                DiagnosticIds.InvalidValue,
                network.Location,
                $"network '{network.Name}' ends in {output} but declares {network.Classes} classes; end with 'linear classes'");
            return null;
        }

        var root = Container(string.Empty, network.Name, IrKind.Module, "network", string.Empty, network.Input, output, false, network.Location, children);
        var layers = Flatten(root).Where(n => n.Kind == IrKind.Layer).ToList();
        return new NetworkIr(
            network.Name,
            network.Location.Path,
            network.Input,
            network.Classes,
            root,
            builder._auxHeads.ToEquatableArray(),
            layers.Sum(l => l.Parameters),
            layers.Where(l => l.Auxiliary).Sum(l => l.Parameters),
            layers.Where(l => !l.Auxiliary).Sum(l => l.Macs),
            layers.Where(l => l.Auxiliary).Sum(l => l.Macs));
    }

    private static IEnumerable<IrNode> Flatten(IrNode node) => new[] { node }.Concat(node.Children.SelectMany(Flatten));

    private List<IrNode>? Sequence(IEnumerable<BoundNode> items, Shape input, string path, IReadOnlyDictionary<string, double> environment, bool auxiliary, out Shape output)
    {
        var nodes = new List<IrNode>();
        output = input;
        foreach (var item in items)
        {
            if (item is BoundExpect expect)
            {
                if (expect.Expected != output)
                {
                    _diagnostics.Error(DiagnosticIds.ExpectationFailed, expect.Location, $"expected {expect.Expected} here, but the tensor is {output}");
                }

                continue;
            }

            var node = Node(item, output, path, environment, auxiliary);
            if (node is null)
            {
                return null;
            }

            nodes.Add(node);
            if (item is not BoundAuxHead)
            {
                output = node.Output;
            }
        }

        return nodes;
    }

    private IrNode? Node(BoundNode item, Shape input, string parentPath, IReadOnlyDictionary<string, double> environment, bool auxiliary)
    {
        var path = item.Name.Length == 0 ? parentPath : ChildPath(parentPath, item.Name);
        switch (item)
        {
            case BoundConv conv:
                return Conv(conv, input, path, environment, auxiliary);
            case BoundPool pool:
                return Pool(pool, input, path, auxiliary);
            case BoundAdaptiveAvgPool adaptive:
                return Layer(adaptive, path, "adaptive_avgpool", adaptive.OutputSize.ToString(), input, new Shape(input.Channels, adaptive.OutputSize.Height, adaptive.OutputSize.Width), 0, 0, auxiliary);
            case BoundFlatten flatten:
                return Layer(flatten, path, "flatten", string.Empty, input, Flat(input), 0, 0, auxiliary);
            case BoundRelu relu:
                return Layer(relu, path, "relu", string.Empty, input, input, 0, 0, auxiliary);
            case BoundDropout dropout:
                return Layer(dropout, path, "dropout", dropout.Probability.ToString(CultureInfo.InvariantCulture), input, input, 0, 0, auxiliary);
            case BoundBatchNorm norm:
                return Layer(norm, path, "batchnorm", "eps=" + Decimal(norm.Eps), input, input, CostModel.BatchNorm(input.Channels), 0, auxiliary);
            case BoundLinear linear:
                return Linear(linear, input, path, environment, auxiliary);
            case BoundSequence sequence:
                {
                    var children = Sequence(sequence.Items, input, path, environment, auxiliary, out var output);
                    return children is null
                        ? null
                        : Container(path, sequence.Name, sequence.IsModule ? IrKind.Module : IrKind.Sequence, "sequence", string.Empty, input, output, auxiliary, sequence.Location, children);
                }

            case BoundConcat concat:
                return Concat(concat, input, path, environment, auxiliary);
            case BoundBlockCall call:
                return Call(call, input, path, environment, auxiliary);
            case BoundAuxHead head:
                return AuxHead(head, input, parentPath, environment);
            default:
                return null;
        }
    }

    private IrNode? Conv(BoundConv conv, Shape input, string path, IReadOnlyDictionary<string, double> environment, bool auxiliary)
    {
        var channels = Width(conv.OutChannels, environment, conv.Location);
        if (channels is null)
        {
            return null;
        }

        var height = ShapeRules.Conv(input.Height, conv.Kernel.Height, conv.Stride.Height, conv.Padding.Height);
        var width = ShapeRules.Conv(input.Width, conv.Kernel.Width, conv.Stride.Width, conv.Padding.Width);
        if (!CheckSpatial(conv.Location, $"conv {conv.Kernel}", input, height, width))
        {
            return null;
        }

        var output = new Shape(channels.Value, height, width);
        var (parameters, macs) = CostModel.Conv(input.Channels, output, conv.Kernel, conv.Bias, conv.BatchNormEps is not null);
        return Layer(conv, path, "conv", Describe(conv, channels.Value), input, output, parameters, macs, auxiliary);
    }

    private IrNode? Pool(BoundPool pool, Shape input, string path, bool auxiliary)
    {
        var height = ShapeRules.Pool(input.Height, pool.Kernel.Height, pool.Stride.Height, pool.Padding.Height, pool.CeilMode);
        var width = ShapeRules.Pool(input.Width, pool.Kernel.Width, pool.Stride.Width, pool.Padding.Width, pool.CeilMode);
        var op = pool.Kind == PoolKind.Max ? "maxpool" : "avgpool";
        var fits = input.Height + (2 * pool.Padding.Height) >= pool.Kernel.Height && input.Width + (2 * pool.Padding.Width) >= pool.Kernel.Width;
        if (!CheckSpatial(pool.Location, $"{op} {pool.Kernel}", input, fits ? height : 0, fits ? width : 0))
        {
            return null;
        }

        var detail = Words(
            pool.Kernel.ToString(),
            pool.Stride == pool.Kernel ? null : "stride=" + Compact(pool.Stride),
            pool.Padding == Pair.Square(0) ? null : "pad=" + Compact(pool.Padding),
            pool.CeilMode ? "ceil=true" : null,
            pool.Kind == PoolKind.Average && !pool.CountIncludePad ? "count_include_pad=false" : null);
        return Layer(pool, path, op, detail, input, new Shape(input.Channels, height, width), 0, 0, auxiliary);
    }

    private IrNode? Linear(BoundLinear linear, Shape input, string path, IReadOnlyDictionary<string, double> environment, bool auxiliary)
    {
        var features = Width(linear.OutFeatures, environment, linear.Location);
        if (features is null)
        {
            return null;
        }

        // A linear layer flattens its input, as torchvision's classifiers do after pooling.
        var (parameters, macs) = CostModel.Linear(input.Elements, features.Value, linear.Bias, linear.BatchNormEps is not null);
        var detail = Words(
            features.Value.ToString(CultureInfo.InvariantCulture),
            linear.Bias ? null : "bias=false",
            linear.BatchNormEps is { } eps ? "bn eps=" + Decimal(eps) : null,
            linear.Relu ? "relu" : null);
        return Layer(linear, path, "linear", detail, input, new Shape(features.Value, 1, 1), parameters, macs, auxiliary);
    }

    private IrNode? Concat(BoundConcat concat, Shape input, string path, IReadOnlyDictionary<string, double> environment, bool auxiliary)
    {
        var branches = new List<IrNode>();
        foreach (var branch in concat.Branches)
        {
            var node = Node(branch, input, path, environment, auxiliary);
            if (node is null)
            {
                return null;
            }

            branches.Add(node);
        }

        var first = branches[0].Output;
        var mismatched = branches.FirstOrDefault(b => b.Output.Height != first.Height || b.Output.Width != first.Width);
        if (mismatched is not null)
        {
            var sizes = string.Join(", ", branches.Select(b => $"{Label(b)} {b.Output}"));
            _diagnostics.Error(DiagnosticIds.ConcatMismatch, concat.Location, $"branches must agree on height and width to be concatenated: {sizes}");
            return null;
        }

        if (concat.IsGridReduction && (first.Height >= input.Height || first.Width >= input.Width))
        {
            _diagnostics.Error(DiagnosticIds.GridReductionMismatch, concat.Location, $"reduce_grid keeps the grid at {first.Height}x{first.Width} (input {input}); its branches need stride 2");
            return null;
        }

        var output = new Shape(branches.Sum(b => b.Output.Channels), first.Height, first.Width);
        return Container(path, string.Empty, IrKind.Concat, concat.IsGridReduction ? "reduce_grid" : "concat", string.Empty, input, output, auxiliary, concat.Location, branches);
    }

    private IrNode? Call(BoundBlockCall call, Shape input, string path, IReadOnlyDictionary<string, double> environment, bool auxiliary)
    {
        var block = _blocks[call.BlockName];
        if (_callStack.Contains(call.BlockName))
        {
            _diagnostics.Error(DiagnosticIds.RecursiveBlock, call.Location, $"block '{call.BlockName}' uses itself: {string.Join(" -> ", _callStack.Reverse())} -> {call.BlockName}");
            return null;
        }

        var arguments = new Dictionary<string, double> { ["classes"] = environment["classes"] };
        for (var i = 0; i < block.Parameters.Count; i++)
        {
            var value = ExpressionEvaluator.Evaluate(call.Arguments[i], environment, out var error);
            if (value is null)
            {
                _diagnostics.Error(error!.Id, call.Location, error.Message);
                return null;
            }

            arguments[block.Parameters[i]] = value.Value;
        }

        _callStack.Push(call.BlockName);
        var children = Sequence(block.Body.Items, input, path, arguments, auxiliary, out var output);
        _callStack.Pop();
        if (children is null)
        {
            return null;
        }

        var detail = string.Join(", ", block.Parameters.Select(p => p + "=" + arguments[p].ToString(CultureInfo.InvariantCulture)));
        return Container(path, call.Name, IrKind.Module, call.BlockName, detail, input, output, auxiliary, call.Location, children);
    }

    private IrNode? AuxHead(BoundAuxHead head, Shape input, string parentPath, IReadOnlyDictionary<string, double> environment)
    {
        var body = Node(head.Body, input, parentPath, environment, auxiliary: true);
        if (body is null)
        {
            return null;
        }

        var classes = (int)environment["classes"];
        if (body.Output != new Shape(classes, 1, 1))
        {
            _diagnostics.Error(DiagnosticIds.InvalidValue, head.Location, $"auxiliary head '{head.Name}' ends in {body.Output}; it must give {classes} class scores (end with 'linear classes')");
            return null;
        }

        _auxHeads.Add(new AuxHeadIr(body.Path, head.LossWeight, body.Parameters, body.Macs));
        var block = head.Body is BoundBlockCall call ? " " + call.BlockName + "(" + body.Detail + ")" : string.Empty;
        return body with { Op = "aux_head", Detail = "weight=" + head.LossWeight.ToString(CultureInfo.InvariantCulture) + block, Location = head.Location };
    }

    private int? Width(ExpressionSyntax expression, IReadOnlyDictionary<string, double> environment, SourceLocation location)
    {
        var value = ExpressionEvaluator.Evaluate(expression, environment, out var error);
        if (value is null)
        {
            _diagnostics.Error(error!.Id, location, error.Message);
            return null;
        }

        if (value <= 0 || value != System.Math.Floor(value.Value) || value > int.MaxValue)
        {
            _diagnostics.Error(DiagnosticIds.InvalidValue, location, $"a width must be a positive integer; '{expression}' is {value.Value.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return (int)value.Value;
    }

    private bool CheckSpatial(SourceLocation location, string what, Shape input, int height, int width)
    {
        if (height > 0 && width > 0)
        {
            return true;
        }

        _diagnostics.Error(DiagnosticIds.InvalidSpatialSize, location, $"{what} does not fit its {input} input (the output would be {height}x{width})");
        return false;
    }

    private static IrNode Layer(BoundNode node, string path, string op, string detail, Shape input, Shape output, long parameters, long macs, bool auxiliary) =>
        new(path, node.Name, IrKind.Layer, op, detail, input, output, parameters, macs, auxiliary, node.Location, EquatableArray<IrNode>.Empty);

    private static IrNode Container(string path, string name, IrKind kind, string op, string detail, Shape input, Shape output, bool auxiliary, SourceLocation location, IReadOnlyCollection<IrNode> children) =>
        new(path, name, kind, op, detail, input, output, children.Sum(c => c.Parameters), children.Sum(c => c.Macs), auxiliary, location, children.ToEquatableArray());

    private static string Describe(BoundConv conv, int channels) => Words(
        channels.ToString(CultureInfo.InvariantCulture) + " " + conv.Kernel,
        conv.Stride == Pair.Square(1) ? null : "stride=" + Compact(conv.Stride),
        conv.Padding == Pair.Square(0) ? null : "pad=" + Compact(conv.Padding),
        conv.Bias && conv.BatchNormEps is not null ? "bias=true" : null,
        conv.BatchNormEps is { } eps ? "bn eps=" + Decimal(eps) : null,
        conv.Relu ? "relu" : null);

    private static string Decimal(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Compact(Pair pair) => pair.IsSquare ? pair.Height.ToString(CultureInfo.InvariantCulture) : pair.ToString();

    private static Shape Flat(Shape input) => new((int)input.Elements, 1, 1);

    private static string Label(IrNode node) => node.Name.Length > 0 ? node.Name : node.Op;

    private static string ChildPath(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    private static string Words(params string?[] parts) => string.Join(" ", parts.Where(p => !string.IsNullOrEmpty(p)));
}
