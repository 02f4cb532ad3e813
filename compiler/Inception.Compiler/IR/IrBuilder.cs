using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.Ops;
using Inception.Compiler.Semantics;

namespace Inception.Compiler.IR;

/// <summary>
/// Instantiates a bound network: evaluates block arguments, propagates shapes from the input, checks each
/// layer against its input and counts parameters and MACs, each leaf through its op's definition. After an
/// error on a path the rest of that path is skipped, so one mistake gives one diagnostic instead of a cascade.
/// </summary>
public sealed class IrBuilder
{
    /// <summary>How deep blocks may call blocks and branches nest, so a pathological file gets an error, not a stack overflow.</summary>
    public const int MaxDepth = 200;

    /// <summary>
    /// The most IR nodes one network may instantiate: far above any real network (the reference models and the
    /// benchmark's 1 MB file of 40,000 layers stay well below it) and reached in about a second, so a file whose
    /// blocks call each other exponentially (2^30 layers in 35 lines) gets an error instead of hanging
    /// <c>check</c>, the editor and the build.
    /// </summary>
    public const int MaxNodes = 250_000;

    private readonly Dictionary<string, BoundBlock> _blocks;
    private readonly DiagnosticBag _diagnostics;
    // The block calls being instantiated, innermost first: for recursion and for the call a template's value came from.
    private readonly Stack<(string Block, SourceLocation Site)> _calls = new();
    private readonly List<AuxHeadIr> _auxHeads = new();

    // The whole-number view of each instance's arguments, made once per instance, not once per layer.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyDictionary<string, BlockValue>, Dictionary<string, long>> _integerViews = new();
    private int _depth;
    private int _nodes;

    private IrBuilder(BoundProgram program, DiagnosticBag diagnostics)
    {
        _blocks = program.Blocks.ToDictionary(b => b.Name);
        _diagnostics = diagnostics;
    }

    public static NetworkIr? Build(BoundProgram program, BoundNetwork network, DiagnosticBag diagnostics)
    {
        var builder = new IrBuilder(program, diagnostics);
        var environment = new Dictionary<string, BlockValue> { [ChannelExpression.Classes] = BlockValue.Of((long)network.Classes) };
        var children = builder.Sequence(network.Body.Items, network.Input, string.Empty, environment, auxiliary: false, out var output);
        if (children is null)
        {
            return null;
        }

        if (output != Shape.Features(network.Classes))
        {
            diagnostics.Report(network.Location, Errors.NetworkNotClassScores(network.Name, output, network.Classes));
            return null;
        }

        var root = builder.Container(string.Empty, network.Name, new NetworkOp(), network.Input, output, false, network.Location, children);
        if (root is null)
        {
            return null;
        }

        var layers = Flatten(root).Where(n => n.Kind == IrKind.Layer).ToList();
        try
        {
            return new NetworkIr(
                network.Name,
                network.Location.Path,
                network.Input,
                network.Classes,
                root,
                builder._auxHeads.ToEquatableArray(),
                checked(layers.Sum(l => l.Parameters)),
                checked(layers.Where(l => l.Auxiliary).Sum(l => l.Parameters)),
                checked(layers.Where(l => !l.Auxiliary).Sum(l => l.Macs)),
                checked(layers.Where(l => l.Auxiliary).Sum(l => l.Macs)));
        }
        catch (OverflowException)
        {
            diagnostics.Report(network.Location, Errors.NetworkCountOverflow(network.Name));
            return null;
        }
    }

    private static IEnumerable<IrNode> Flatten(IrNode node) => new[] { node }.Concat(node.Children.SelectMany(Flatten));

    private List<IrNode>? Sequence(IEnumerable<BoundNode> items, Shape input, string path, IReadOnlyDictionary<string, BlockValue> environment, bool auxiliary, out Shape output)
    {
        var nodes = new List<IrNode>();
        output = input;
        foreach (var item in items)
        {
            if (item is BoundExpect expect)
            {
                if (expect.Expected != output)
                {
                    _diagnostics.Report(expect.Location, Errors.ExpectationFailed(expect.Expected, output));
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

    private IrNode? Node(BoundNode item, Shape input, string parentPath, IReadOnlyDictionary<string, BlockValue> environment, bool auxiliary)
    {
        if (_depth >= MaxDepth)
        {
            _diagnostics.Report(item.Location, Errors.TooDeep(MaxDepth));
            return null;
        }

        if (++_nodes > MaxNodes)
        {
            _diagnostics.Report(item.Location, Errors.TooManyNodes(MaxNodes));
            return null;
        }

        _depth++;
        try
        {
            var path = item.Name.Length == 0 ? parentPath : ChildPath(parentPath, item.Name);
            return item switch
            {
                BoundLayer layer => Layer(layer, layer.Op, input, path, environment, auxiliary),
                BoundDeferredLayer deferred => Instantiate(deferred, environment) is { } op
                    ? Layer(deferred, op, input, path, environment, auxiliary)
                    : null,
                BoundResidual residual => Residual(residual, input, path, environment, auxiliary),
                BoundSequence sequence => Sequence(sequence, input, path, environment, auxiliary),
                BoundConcat concat => Concat(concat, input, path, environment, auxiliary),
                BoundBlockCall call => Call(call, input, path, environment, auxiliary),
                BoundAuxHead head => AuxHead(head, input, parentPath, environment),
                _ => throw new InvalidOperationException($"the IR builder has no rule for {item.GetType().Name}"),
            };
        }
        finally
        {
            _depth--;
        }
    }

    private IrNode? Layer(BoundNode layer, LayerOp op, Shape input, string path, IReadOnlyDictionary<string, BlockValue> environment, bool auxiliary)
    {
        var definition = op.Definition;
        if (input.Flat && !definition.TakesFlatInput)
        {
            _diagnostics.Report(layer.Location, Errors.NeedsFeatureMap(op.Keyword, input));
            return null;
        }

        var context = new ShapeContext(input, Integers(environment), layer.Location, _diagnostics);
        if (definition.InferShape(op, context) is not { } output)
        {
            return null;
        }

        Cost cost;
        try
        {
            cost = definition.Cost(op, input, output);
        }
        catch (OverflowException)
        {
            _diagnostics.Report(layer.Location, Errors.LayerCountOverflow(op.Keyword, input));
            return null;
        }

        return new IrNode(path, layer.Name, op, input, output, cost.Parameters, cost.Macs, auxiliary, layer.Location, EquatableArray<IrNode>.Empty) { NameGenerated = layer.NameGenerated };
    }

    /// <summary>
    /// A layer template's op in this instance. A value its op refuses (<c>stride=0</c> passed as <c>s</c>) is
    /// reported at the option, with the call that passed it as the related location.
    /// </summary>
    private LayerOp? Instantiate(BoundDeferredLayer layer, IReadOnlyDictionary<string, BlockValue> arguments)
    {
        var problems = new DiagnosticBag();
        var op = layer.Instantiate(arguments, problems);
        var call = _calls.Count > 0 ? _calls.Peek().Site : (SourceLocation?)null;
        _diagnostics.AddRange(problems.Items.Select(d => d with { Related = d.Related ?? call }));
        return op;
    }

    /// <summary>The whole-number arguments, which widths may use.</summary>
    private Dictionary<string, long> Integers(IReadOnlyDictionary<string, BlockValue> environment) =>
        _integerViews.GetValue(environment, e => e.Where(v => v.Value.AsInteger is not null).ToDictionary(v => v.Key, v => v.Value.AsInteger!.Value));

    private IrNode? Residual(BoundResidual residual, Shape input, string path, IReadOnlyDictionary<string, BlockValue> environment, bool auxiliary)
    {
        var scale = residual.Scale.In(environment);
        var relu = residual.Relu.In(environment);
        if (scale?.AsNumber is not { } factor || double.IsNaN(factor) || double.IsInfinity(factor))
        {
            _diagnostics.Report(Place(residual.Scale, residual.Location), Errors.ResidualScaleNotANumber($"{scale}"));
            return null;
        }

        if (Math.Abs(factor) > float.MaxValue)
        {
            // Every target computes in float32, where this scale is infinite and the outputs NaN.
            _diagnostics.Report(Place(residual.Scale, residual.Location), Errors.ResidualScaleOutOfRange(factor));
            return null;
        }

        if (relu?.AsBool is not { } activation)
        {
            _diagnostics.Report(Place(residual.Relu, residual.Location), Errors.ResidualReluNotABool($"{relu}"));
            return null;
        }

        var body = Node(residual.Body, input, path, environment, auxiliary);
        var shortcut = body is null ? null : Node(residual.Shortcut, input, path, environment, auxiliary);
        if (body is null || shortcut is null)
        {
            return null;
        }

        if (body.Output != shortcut.Output)
        {
            var what = residual.Shortcut.Items.Count == 0 ? "the identity shortcut passes" : "the shortcut gives";
            _diagnostics.Report(residual.Location, Errors.ResidualShapes(body.Output, what, shortcut.Output));
            return null;
        }

        return Container(path, string.Empty, new ResidualOp(factor, activation), input, body.Output, auxiliary, residual.Location, new[] { body, shortcut });
    }

    private static SourceLocation Place(BoundOption option, SourceLocation fallback) => option.Location.Path is null ? fallback : option.Location;

    private IrNode? Sequence(BoundSequence sequence, Shape input, string path, IReadOnlyDictionary<string, BlockValue> environment, bool auxiliary)
    {
        var children = Sequence(sequence.Items, input, path, environment, auxiliary, out var output);
        return children is null ? null : Container(path, sequence.Name, new SequenceOp(sequence.IsModule), input, output, auxiliary, sequence.Location, children, sequence.NameGenerated);
    }

    private IrNode? Concat(BoundConcat concat, Shape input, string path, IReadOnlyDictionary<string, BlockValue> environment, bool auxiliary)
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

        var first = branches[0];
        if (branches.FirstOrDefault(b => b.Output.Flat != first.Output.Flat) is { } otherRank)
        {
            var ranks = string.Join(", ", branches.Select(b => $"{Label(b)} {b.Output}{(b.Output.Flat ? " flat" : string.Empty)}"));
            _diagnostics.Report(otherRank.Location, Errors.ConcatRankMismatch(Label(otherRank), otherRank.Output, Label(first), first.Output, ranks));
            return null;
        }

        var mismatched = branches.FirstOrDefault(b => b.Output.Height != first.Output.Height || b.Output.Width != first.Output.Width);
        if (mismatched is not null)
        {
            var sizes = string.Join(", ", branches.Select(b => $"{Label(b)} {b.Output}"));
            _diagnostics.Report(
                mismatched.Location,
                Errors.ConcatGridMismatch(Label(mismatched), new Pair(mismatched.Output.Height, mismatched.Output.Width), Label(first), new Pair(first.Output.Height, first.Output.Width), sizes));
            return null;
        }

        if (concat.IsGridReduction && (first.Output.Height >= input.Height || first.Output.Width >= input.Width))
        {
            _diagnostics.Report(concat.Location, Errors.GridNotReduced(new Pair(first.Output.Height, first.Output.Width), input));
            return null;
        }

        var channels = branches.Sum(b => (long)b.Output.Channels);
        if (channels > int.MaxValue)
        {
            _diagnostics.Report(concat.Location, Errors.ConcatTooWide(channels));
            return null;
        }

        var output = new Shape((int)channels, first.Output.Height, first.Output.Width) { Flat = first.Output.Flat };
        return Container(path, string.Empty, new ConcatOp(concat.IsGridReduction), input, output, auxiliary, concat.Location, branches);
    }

    private IrNode? Call(BoundBlockCall call, Shape input, string path, IReadOnlyDictionary<string, BlockValue> environment, bool auxiliary)
    {
        var block = _blocks[call.BlockName];
        if (_calls.Any(c => c.Block == call.BlockName))
        {
            _diagnostics.Report(call.Location, Errors.RecursiveBlock(call.BlockName, _calls.Reverse().Select(c => c.Block)));
            return null;
        }

        var arguments = new Dictionary<string, BlockValue> { [ChannelExpression.Classes] = environment[ChannelExpression.Classes] };
        var values = new List<BlockValue>();
        for (var i = 0; i < block.Parameters.Count; i++)
        {
            var value = Evaluate(call.Arguments[i], environment, out var error);
            if (value is null)
            {
                _diagnostics.Report(call.Location, Errors.WidthHasNoValue(error!));
                return null;
            }

            arguments[block.Parameters[i]] = value;
            values.Add(value);
        }

        _calls.Push((call.BlockName, call.Location));
        var children = Sequence(block.Body.Items, input, path, arguments, auxiliary, out var output);
        _calls.Pop();
        if (children is null)
        {
            return null;
        }

        var widthArguments = block.Parameters
            .Select((p, i) => (p, i))
            .Where(p => !block.OptionParameters.Contains(p.p))
            .Select(p => call.Arguments[p.i].Channels ?? ChannelExpression.Of(values[p.i].AsInteger ?? 0))
            .ToEquatableArray();
        var op = new BlockOp(call.BlockName, block.Parameters, values.ToEquatableArray(), block.OptionParameters, widthArguments, block.Location);
        return Container(path, call.Name, op, input, output, auxiliary, call.Location, children, call.NameGenerated);
    }

    /// <summary>A block argument's value in this instance: a literal, a parameter passed on, or integer arithmetic.</summary>
    private BlockValue? Evaluate(BoundArgument argument, IReadOnlyDictionary<string, BlockValue> environment, out string? error)
    {
        error = null;
        if (argument.Literal is { } literal)
        {
            return literal;
        }

        if (argument.Channels is ParameterChannels { Name: var name } && environment.TryGetValue(name, out var passed))
        {
            return passed;
        }

        var value = argument.Channels!.Evaluate(Integers(environment), out error);
        return value is null ? null : BlockValue.Of(value.Value);
    }

    private IrNode? AuxHead(BoundAuxHead head, Shape input, string parentPath, IReadOnlyDictionary<string, BlockValue> environment)
    {
        var body = Node(head.Body, input, parentPath, environment, auxiliary: true);
        if (body is null)
        {
            return null;
        }

        var classes = environment[ChannelExpression.Classes].AsInteger!.Value;
        if (body.Output != Shape.Features((int)classes))
        {
            _diagnostics.Report(head.Location, Errors.AuxHeadNotClassScores(head.Name, body.Output, classes));
            return null;
        }

        _auxHeads.Add(new AuxHeadIr(body.Path, head.LossWeight, body.Parameters, body.Macs));
        return body with { Op = new AuxHeadOp(head.LossWeight, body.Op), Location = head.Location };
    }

    private IrNode? Container(string path, string name, IrOp op, Shape input, Shape output, bool auxiliary, SourceLocation location, IReadOnlyCollection<IrNode> children, bool nameGenerated = false)
    {
        try
        {
            return new IrNode(path, name, op, input, output, checked(children.Sum(c => c.Parameters)), checked(children.Sum(c => c.Macs)), auxiliary, location, children.ToEquatableArray()) { NameGenerated = nameGenerated };
        }
        catch (OverflowException)
        {
            _diagnostics.Report(location, Errors.PartCountOverflow());
            return null;
        }
    }

    private static string Label(IrNode node) => node.Name.Length > 0 ? node.Name : node.Children.FirstOrDefault() is { } first ? Label(first) : node.Op.Keyword;

    private static string ChildPath(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;
}
