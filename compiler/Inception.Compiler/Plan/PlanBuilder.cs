using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;
using Inception.Compiler.Text;

namespace Inception.Compiler.Plan;

/// <summary>
/// Lowers a network's IR to its module plan: one class per block definition, built from the block's first
/// instance with widths kept symbolic (so every instance shares it), each layer lowered by its op's definition.
/// What a target cannot express (a linear layer that sees different grids in different instances, layers a
/// torch Sequential cannot hold, an aux head inside a block) is reported here, so <c>check</c> reports it too.
/// </summary>
public sealed class PlanBuilder
{
    private static readonly Regex BranchSuffix = new("_[0-9]+[a-z]?$");

    private readonly NetworkIr _network;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, List<IrNode>> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClassPlan?> _classes = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();

    private PlanBuilder(NetworkIr network, DiagnosticBag diagnostics)
    {
        _network = network;
        _diagnostics = diagnostics;
        foreach (var node in network.Nodes())
        {
            if (ClassKey(node) is { } key)
            {
                if (!_instances.TryGetValue(key, out var list))
                {
                    _instances[key] = list = new List<IrNode>();
                }

                list.Add(node);
            }
        }
    }

    /// <summary>The plan, or null when something could not be lowered (the diagnostics say what and where).</summary>
    public static ModelPlan? Build(NetworkIr network, DiagnosticBag diagnostics)
    {
        var builder = new PlanBuilder(network, diagnostics);
        var errors = diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error);
        var root = network.Root;
        var networkClass = builder.BuildClass("network", network.Name, ClassKind.Network, EquatableArray<string>.Empty, root, Width.Of(network.Input.Channels), inputFlat: false);
        if (networkClass is null || diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error) > errors)
        {
            return null;
        }

        if (!builder.NamesAreFree(networkClass))
        {
            return null;
        }

        return new ModelPlan(
            network.Name,
            network.SourcePath,
            network.Input,
            network.Classes,
            network.Parameters,
            network.AuxParameters,
            network.Macs,
            networkClass,
            builder._order.Select(k => builder._classes[k]!).ToEquatableArray(),
            network.AuxHeads.Select(h => new AuxHeadPlan(h.Path, h.LossWeight)).ToEquatableArray());
    }

    /// <summary>Reports layer names that would clash with members every module class has, and a network named like a type the code uses.</summary>
    private bool NamesAreFree(ClassPlan networkClass)
    {
        var free = true;
        if (ReservedNames.IsReservedNetwork(_network.Name))
        {
            _diagnostics.Report(_network.Root.Location, Errors.ReservedNetworkName(_network.Name));
            free = false;
        }

        foreach (var plan in new[] { networkClass }.Concat(_order.Select(k => _classes[k]!)))
        {
            foreach (var child in plan.Children)
            {
                if (ReservedNames.IsReservedMember(child.Name) || (plan.Kind == ClassKind.Network && child.Name == _network.Name))
                {
                    _diagnostics.Report(child.Location, Errors.ReservedLayerName(child.Name, isNetworkName: child.Name == _network.Name));
                    free = false;
                }
            }
        }

        return free;
    }

    /// <summary>The class an IR node instantiates: its block, or an inline auxiliary head of its own.</summary>
    private string? ClassKey(IrNode node) => node.Op switch
    {
        BlockOp block => BlockKey(block),
        AuxHeadOp { Body: BlockOp block } => BlockKey(block),
        AuxHeadOp => InlineHeadKey(node),
        _ => null,
    };

    /// <summary>
    /// An inline head belongs to its network: two networks of a file may both have an inline head named
    /// <c>aux</c> with different layers, and a printer that writes both networks into one file keeps them apart.
    /// </summary>
    private string InlineHeadKey(IrNode head) => $"head:{_network.Name}.{head.Name}";

    /// <summary>A block's class: one per distinct set of values of its option parameters (<c>block8(scale=1, relu=false)</c>).</summary>
    private static string BlockKey(BlockOp block) =>
        block.OptionParameters.Count == 0 ? block.BlockName : $"{block.BlockName}({Variant(block)})";

    private static string Variant(BlockOp block) =>
        string.Join(", ", block.OptionParameters.Select(p => p + "=" + block.Values[block.Parameters.ToList().IndexOf(p)]));

    private ClassPlan? ClassFor(string key, IrNode instance, bool inputFlat)
    {
        if (_classes.TryGetValue(key, out var existing))
        {
            return existing;
        }

        // Claim the slot first so classes come out in order of first use, callers before their callees.
        _order.Add(key);
        _classes[key] = null;
        var built = instance.Op switch
        {
            BlockOp block => BuildClass(key, block.BlockName, ClassKind.Block, block.WidthParameters.ToEquatableArray(), instance, Width.Parameter(Width.InChannels), inputFlat),
            AuxHeadOp { Body: BlockOp block } => BuildClass(key, block.BlockName, ClassKind.Block, block.WidthParameters.ToEquatableArray(), instance, Width.Parameter(Width.InChannels), inputFlat),
            _ => BuildClass(key, instance.Name, ClassKind.InlineHead, EquatableArray<string>.Empty, instance, Width.Parameter(Width.InChannels), inputFlat),
        };
        _classes[key] = built;
        return built;
    }

    private ClassPlan? BuildClass(string key, string name, ClassKind kind, EquatableArray<string> parameters, IrNode instance, Width inChannels, bool inputFlat)
    {
        var walk = new ClassWalk(this, key, instance, kind);
        var width = inChannels;
        var flat = inputFlat;
        var forward = walk.Steps(instance.Children, ref width, ref flat);
        if (forward is null)
        {
            return null;
        }

        var takesClasses = walk.Children.Any(c => Mentions(c.Module, Width.Classes));
        var (declaration, variant) = instance.Op switch
        {
            BlockOp block => (block.Declaration, Variant(block)),
            AuxHeadOp { Body: BlockOp block } => (block.Declaration, Variant(block)),
            _ => (instance.Location, string.Empty),
        };
        return new ClassPlan(key, name, variant, kind, parameters, takesClasses, walk.Children.ToEquatableArray(), forward.ToEquatableArray(), width, walk.InitialStds.ToEquatableArray(), declaration);
    }

    private static bool Mentions(ModuleSpec module, string parameter) => module switch
    {
        LibraryModule library => library.Arguments.Any(a => a.Value is WidthValue w && w.Width.Names().Contains(parameter)),
        ClassModule instance => instance.Arguments.Any(a => a.Names().Contains(parameter)),
        SequentialModule sequential => sequential.Items.Any(i => Mentions(i.Module, parameter)),
        _ => throw new InvalidOperationException($"unknown module spec {module.GetType().Name}"),
    };

    /// <summary>Whether the binder made the name up (<c>conv_2</c>, <c>inception_a_1</c>): the op's word and a counter.</summary>
    private static bool IsGeneratedName(IrNode node)
    {
        var word = node.Op is AuxHeadOp ? string.Empty : node.Op.Keyword + "_";
        return word.Length > 1 && node.Name.StartsWith(word, StringComparison.Ordinal) && node.Name.Substring(word.Length).All(char.IsDigit) && node.Name.Length > word.Length;
    }

    /// <summary>The label of a branch's tensor: as torchvision names them (branch5x5_1, branch5x5_2 -> branch5x5).</summary>
    private static string BranchLabel(IrNode branch)
    {
        if (branch.Op is PoolOp && IsGeneratedName(branch))
        {
            // torchvision's name for the pooling branch of a grid reduction.
            return "branch_pool";
        }

        if (branch.Op is not SequenceOp { IsModule: false })
        {
            return branch.Name.Length > 0 ? branch.Name : "branch";
        }

        var chosen = branch.Children.LastOrDefault(c => c.Name.Length > 0 && !IsGeneratedName(c));
        return chosen is null ? "branch" : BranchSuffix.Replace(chosen.Name, string.Empty);
    }

    /// <summary>The children and forward of one class, walked over the IR of its first instance.</summary>
    private sealed class ClassWalk
    {
        private readonly PlanBuilder _owner;
        private readonly string _key;
        private readonly IrNode _instance;
        private readonly ClassKind _kind;

        public ClassWalk(PlanBuilder owner, string key, IrNode instance, ClassKind kind)
        {
            _owner = owner;
            _key = key;
            _instance = instance;
            _kind = kind;
        }

        public List<PlanChild> Children { get; } = new();

        public List<InitialStd> InitialStds { get; } = new();

        public List<PlanStep>? Steps(IEnumerable<IrNode> nodes, ref Width width, ref bool flat)
        {
            var steps = new List<PlanStep>();
            foreach (var node in nodes)
            {
                if (!Step(node, steps, ref width, ref flat))
                {
                    return null;
                }
            }

            return steps;
        }

        private bool Step(IrNode node, List<PlanStep> steps, ref Width width, ref bool flat)
        {
            switch (node.Op)
            {
                case LayerOp layer:
                    {
                        var lowering = Lower(layer, node, width, flat);
                        if (lowering is null)
                        {
                            return false;
                        }

                        foreach (var module in lowering.Modules)
                        {
                            Children.Add(new PlanChild(node.Name + module.Suffix, module.Module, node.Location, Optional: false));
                        }

                        Initializers(layer, node.Name);

                        width = lowering.Output;
                        flat |= layer.Definition.FlattensOutput;
                        steps.Add(new CallStep(lowering.Modules.Select(m => node.Name + m.Suffix).ToEquatableArray(), lowering.FlattenInput, lowering.ReluAfter, Shape(node, flat)));
                        return true;
                    }

                case SequenceOp { IsModule: false }:
                    {
                        var inner = Steps(node.Children, ref width, ref flat);
                        steps.AddRange(inner ?? new List<PlanStep>());
                        return inner is not null;
                    }

                case SequenceOp:
                    {
                        var sequential = Sequential(node, ref width, ref flat);
                        if (sequential is null)
                        {
                            return false;
                        }

                        Children.Add(new PlanChild(node.Name, sequential, node.Location, Optional: false));
                        steps.Add(new CallStep(new[] { node.Name }.ToEquatableArray(), false, false, Shape(node, flat)));
                        return true;
                    }

                case ConcatOp:
                    {
                        var branches = new List<PlanBranch>();
                        var widths = new List<Width>();
                        var outputFlat = flat;
                        foreach (var branch in node.Children)
                        {
                            var branchWidth = width;
                            var branchFlat = flat;
                            var branchSteps = Steps(new[] { branch }, ref branchWidth, ref branchFlat);
                            if (branchSteps is null)
                            {
                                return false;
                            }

                            branches.Add(new PlanBranch(BranchLabel(branch), branchSteps.ToEquatableArray()));
                            widths.Add(branchWidth);
                            outputFlat = branchFlat;
                        }

                        steps.Add(new ConcatStep(branches.ToEquatableArray(), Shape(node, outputFlat)));
                        width = Width.Sum(widths);
                        flat = outputFlat;
                        return true;
                    }

                case ResidualOp residual:
                    {
                        var bodyWidth = width;
                        var bodyFlat = flat;
                        var body = Steps(new[] { node.Children[0] }, ref bodyWidth, ref bodyFlat);
                        var shortcutWidth = width;
                        var shortcutFlat = flat;
                        var shortcut = body is null ? null : Steps(new[] { node.Children[1] }, ref shortcutWidth, ref shortcutFlat);
                        if (body is null || shortcut is null)
                        {
                            return false;
                        }

                        width = bodyWidth;
                        flat = bodyFlat;
                        steps.Add(new ResidualStep(body.ToEquatableArray(), shortcut.ToEquatableArray(), residual.Scale, residual.Relu, Shape(node, flat)));
                        return true;
                    }

                case BlockOp block:
                    {
                        var instance = Instance(block, node, width, flat, out var output);
                        if (instance is null)
                        {
                            return false;
                        }

                        Children.Add(new PlanChild(node.Name, instance, node.Location, Optional: false));
                        steps.Add(new CallStep(new[] { node.Name }.ToEquatableArray(), false, false, Shape(node, flat)));
                        width = output;
                        return true;
                    }

                case AuxHeadOp head:
                    {
                        if (_kind != ClassKind.Network)
                        {
                            _owner._diagnostics.Report(node.Location, Errors.AuxHeadInBlock());
                            return false;
                        }

                        var module = head.Body is BlockOp block ? Instance(block, node, width, flat, out _) : Instance(node, width, flat);
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

        private ModuleSpec? Sequential(IrNode node, ref Width width, ref bool flat)
        {
            var items = new List<(string Name, ModuleSpec Module)>();
            foreach (var item in node.Children)
            {
                ModuleSpec? module;
                switch (item.Op)
                {
                    case LayerOp layer:
                        var lowering = Lower(layer, item, width, flat);
                        if (lowering is null)
                        {
                            return null;
                        }

                        if (!lowering.IsPlainModule)
                        {
                            _owner._diagnostics.Report(item.Location, Errors.NotOneModule(layer.Keyword));
                            return null;
                        }

                        module = lowering.Modules[0].Module;
                        Initializers(layer, RelativePath(item));
                        width = lowering.Output;
                        flat |= layer.Definition.FlattensOutput;
                        break;
                    case BlockOp block:
                        module = Instance(block, item, width, flat, out var output);
                        width = output;
                        break;
                    case SequenceOp { IsModule: true }:
                        module = Sequential(item, ref width, ref flat);
                        break;
                    default:
                        _owner._diagnostics.Report(item.Location, Errors.NotASequenceItem(item.Op.Keyword));
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
        private ClassModule? Instance(BlockOp block, IrNode node, Width width, bool flat, out Width output)
        {
            output = width;
            var callee = _owner.ClassFor(BlockKey(block), node, flat);
            if (callee is null)
            {
                return null;
            }

            var bindings = new Dictionary<string, Width>(StringComparer.Ordinal) { [Width.InChannels] = width };
            var arguments = new List<Width> { width };
            foreach (var (parameter, argument) in block.WidthParameters.Zip(block.WidthArguments, (p, a) => (p, a)))
            {
                bindings[parameter] = argument;
                arguments.Add(argument);
            }

            if (callee.TakesClasses)
            {
                arguments.Add(Width.Parameter(Width.Classes));
            }

            output = callee.Output.Substitute(bindings);
            return new ClassModule(callee.Key, arguments.ToEquatableArray());
        }

        /// <summary>An inline auxiliary head: a class of its own, without parameters.</summary>
        private ClassModule? Instance(IrNode head, Width width, bool flat)
        {
            var callee = _owner.ClassFor(_owner.InlineHeadKey(head), head, flat);
            if (callee is null)
            {
                return null;
            }

            var arguments = callee.TakesClasses ? new[] { width, Width.Parameter(Width.Classes) } : new[] { width };
            return new ClassModule(callee.Key, arguments.ToEquatableArray());
        }

        private LayerLowering? Lower(LayerOp layer, IrNode node, Width width, bool flat) =>
            layer.Definition.Lower(layer, new LoweringContext(node.Name, width, flat, () => InputSpatialSize(node)));

        /// <summary>H x W of the layer's input, which must be the same in every instance of this class.</summary>
        private long? InputSpatialSize(IrNode node)
        {
            var relative = node.Path.Substring(_instance.Path.Length);
            var instances = _owner._instances.TryGetValue(_key, out var all) ? all : new List<IrNode> { _instance };
            var sizes = instances
                .Select(i => Find(i, i.Path + relative))
                .Where(n => n is not null)
                .Select(n => (long)n!.Input.Height * n.Input.Width)
                .Distinct()
                .ToList();
            if (sizes.Count == 1)
            {
                return sizes[0];
            }

            _owner._diagnostics.Report(node.Location, Errors.GridDiffersPerInstance(node.Op.Keyword));
            return null;
        }

        private static IrNode? Find(IrNode node, string path) =>
            node.Path == path && node.Kind == IrKind.Layer
                ? node
                : node.Children.Where(c => path.StartsWith(c.Path, StringComparison.Ordinal)).Select(c => Find(c, path)).FirstOrDefault(n => n is not null);

        /// <summary>The shape after a step, written as a comment where the class has one instance (the network).</summary>
        private StepShape? Shape(IrNode node, bool flat) => _kind == ClassKind.Network ? new StepShape(node.Output, flat) : null;
    }
}
