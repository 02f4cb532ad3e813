using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;

namespace Inception.Compiler.Plan;

/// <summary>
/// Lowers one planned class: walks the IR of its first instance (widths kept symbolic, so every instance shares
/// the class), lowers each layer by its op's definition, and collects the children, the forward steps and the
/// initialisation table. A callee block's class is asked of the <see cref="PlanBuilder"/>.
/// </summary>
internal sealed class ClassLowering
{
    private readonly PlanBuilder _owner;
    private readonly string _key;
    private readonly IrNode _instance;
    private readonly ClassKind _kind;

    public ClassLowering(PlanBuilder owner, string key, IrNode instance, ClassKind kind)
    {
        _owner = owner;
        _key = key;
        _instance = instance;
        _kind = kind;
    }

    public List<PlanChild> Children { get; } = new();

    public List<InitialStd> InitialStds { get; } = new();

    public List<PlanStep>? Steps(IEnumerable<IrNode> nodes, ref ChannelExpression width)
    {
        var steps = new List<PlanStep>();
        foreach (var node in nodes)
        {
            if (!Step(node, steps, ref width))
            {
                return null;
            }
        }

        return steps;
    }

    private bool Step(IrNode node, List<PlanStep> steps, ref ChannelExpression width)
    {
        switch (node.Op)
        {
            case LayerOp layer:
                {
                    var lowering = Lower(layer, node, width);
                    if (lowering is null)
                    {
                        return false;
                    }

                    foreach (var module in lowering.Modules)
                    {
                        Children.Add(new PlanChild(node.Name + module.Suffix, module.Module, node.Location, Optional: false) { NameGenerated = node.NameGenerated });
                    }

                    Initializers(layer, node.Name);

                    width = lowering.Output;
                    steps.Add(new CallStep(lowering.Modules.Select(m => node.Name + m.Suffix).ToEquatableArray(), lowering.FlattenInput, lowering.ReluAfter, Shape(node)));
                    return true;
                }

            case SequenceOp { IsModule: false }:
                {
                    var inner = Steps(node.Children, ref width);
                    steps.AddRange(inner ?? new List<PlanStep>());
                    return inner is not null;
                }

            case SequenceOp:
                {
                    var sequential = Sequential(node, ref width);
                    if (sequential is null)
                    {
                        return false;
                    }

                    Children.Add(new PlanChild(node.Name, sequential, node.Location, Optional: false));
                    steps.Add(new CallStep(new[] { node.Name }.ToEquatableArray(), false, false, Shape(node)));
                    return true;
                }

            case ConcatOp:
                {
                    var branches = new List<PlanBranch>();
                    var widths = new List<ChannelExpression>();
                    foreach (var branch in node.Children)
                    {
                        var branchWidth = width;
                        var branchSteps = Steps(new[] { branch }, ref branchWidth);
                        if (branchSteps is null)
                        {
                            return false;
                        }

                        branches.Add(new PlanBranch(BranchNames.Label(branch), branchSteps.ToEquatableArray()));
                        widths.Add(branchWidth);
                    }

                    steps.Add(new ConcatStep(branches.ToEquatableArray(), Shape(node)));
                    width = ChannelExpression.Sum(widths);
                    return true;
                }

            case ResidualOp residual:
                {
                    var bodyWidth = width;
                    var body = Steps(new[] { node.Children[0] }, ref bodyWidth);
                    var shortcutWidth = width;
                    var shortcut = body is null ? null : Steps(new[] { node.Children[1] }, ref shortcutWidth);
                    if (body is null || shortcut is null)
                    {
                        return false;
                    }

                    width = bodyWidth;
                    steps.Add(new ResidualStep(body.ToEquatableArray(), shortcut.ToEquatableArray(), residual.Scale, residual.Relu, Shape(node)));
                    return true;
                }

            case BlockOp block:
                {
                    var instance = Instance(block, node, width, out var output);
                    if (instance is null)
                    {
                        return false;
                    }

                    Children.Add(new PlanChild(node.Name, instance, node.Location, Optional: false));
                    steps.Add(new CallStep(new[] { node.Name }.ToEquatableArray(), false, false, Shape(node)));
                    width = output;
                    return true;
                }

            case AuxHeadOp head:
                {
                    var module = head.Body is BlockOp block ? Instance(block, node, width, out _) : Instance(node, width);
                    if (module is null)
                    {
                        return false;
                    }

                    Children.Add(new PlanChild(node.Name, module, node.Location, Optional: true));
                    steps.Add(new AuxStep(node.Name, head.LossWeight));
                    return true;
                }

            default:
                throw new InvalidOperationException($"the plan builder has no rule for {node.Op.GetType().Name}");
        }
    }

    private ModuleSpec? Sequential(IrNode node, ref ChannelExpression width)
    {
        var items = new List<(string Name, ModuleSpec Module)>();
        foreach (var item in node.Children)
        {
            ModuleSpec? module;
            switch (item.Op)
            {
                case LayerOp layer:
                    var lowering = Lower(layer, item, width);
                    if (lowering is null)
                    {
                        return null;
                    }

                    if (!lowering.IsPlainModule)
                    {
                        _owner.Diagnostics.Report(item.Location, Errors.NotOneModule(layer.Keyword));
                        return null;
                    }

                    module = lowering.Modules[0].Module;
                    Initializers(layer, RelativePath(item));
                    width = lowering.Output;
                    break;
                case BlockOp block:
                    module = Instance(block, item, width, out var output);
                    width = output;
                    break;
                case SequenceOp { IsModule: true }:
                    module = Sequential(item, ref width);
                    break;
                default:
                    _owner.Diagnostics.Report(item.Location, Errors.NotASequenceItem(item.Op.Keyword));
                    return null;
            }

            if (module is null)
            {
                return null;
            }

            items.Add((item.Name, module));
        }

        var named = items.Any(i => !int.TryParse(i.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _));
        return new SequentialModule(items.Select(i => new SequentialItem(named ? i.Name : null, i.Module)).ToEquatableArray());
    }

    private void Initializers(LayerOp layer, string path) =>
        InitialStds.AddRange(layer.Definition.Initializers(layer).Select(i => new InitialStd(path + i.Suffix, i.Std)));

    /// <summary>The path of an item of a named sequence, relative to the class that declares the sequence.</summary>
    private string RelativePath(IrNode item) =>
        _instance.Path.Length == 0 ? item.Path : item.Path.Substring(_instance.Path.Length + 1);

    /// <summary>An instance of a block: its class, and its output width in this class's terms.</summary>
    private ClassModule? Instance(BlockOp block, IrNode node, ChannelExpression width, out ChannelExpression output)
    {
        output = width;
        var callee = _owner.ClassFor(ClassKeys.Block(block, node.Input.Flat), node);
        if (callee is null)
        {
            return null;
        }

        var bindings = new Dictionary<string, ChannelExpression>(StringComparer.Ordinal) { [ChannelExpression.InChannels] = width };
        var arguments = new List<ChannelExpression> { width };
        foreach (var (parameter, argument) in block.WidthParameters.Zip(block.WidthArguments, (p, a) => (p, a)))
        {
            bindings[parameter] = argument;
            arguments.Add(argument);
        }

        if (callee.TakesClasses)
        {
            arguments.Add(ChannelExpression.Parameter(ChannelExpression.Classes));
        }

        output = callee.Output.Substitute(bindings);
        return new ClassModule(callee.Key, arguments.ToEquatableArray());
    }

    /// <summary>An inline auxiliary head: a class of its own, without parameters.</summary>
    private ClassModule? Instance(IrNode head, ChannelExpression width)
    {
        var callee = _owner.ClassFor(ClassKeys.InlineHead(_owner.NetworkName, head), head);
        if (callee is null)
        {
            return null;
        }

        var arguments = callee.TakesClasses ? new[] { width, ChannelExpression.Parameter(ChannelExpression.Classes) } : new[] { width };
        return new ClassModule(callee.Key, arguments.ToEquatableArray());
    }

    private LayerLowering? Lower(LayerOp layer, IrNode node, ChannelExpression width) =>
        layer.Definition.Lower(layer, new LoweringContext(node.Name, width, node.Input.Flat, () => PlanChecks.InputSpatialSize(node, _instance, _owner.Instances(_key, _instance), _owner.Diagnostics)));

    /// <summary>The shape after a step, written as a comment where the class has one instance (the network).</summary>
    private StepShape? Shape(IrNode node) => _kind == ClassKind.Network ? new StepShape(node.Output) : null;
}
