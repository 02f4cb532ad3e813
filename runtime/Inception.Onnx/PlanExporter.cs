using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.Analysis;
using Inception.Compiler.IR;
using Inception.Compiler.Plan;
using Inception.Compiler.Plan.Modules;
using Inception.Onnx.Proto;
using static Inception.Onnx.GraphWriter;
using static TorchSharp.torch;

namespace Inception.Onnx;

/// <summary>
/// Writes a module plan's inference path as ONNX nodes, with the weights of a model built from that plan
/// (generated or run-time) as initializers named by their state_dict keys. Auxiliary heads are left out;
/// dropout is the identity at inference.
/// </summary>
internal sealed class PlanExporter
{
    private readonly ModelPlan _plan;
    private readonly IReadOnlyDictionary<string, Tensor> _weights;
    private readonly bool _fold;
    private readonly Dictionary<string, ClassPlan> _classes;
    private readonly GraphWriter _graph = new();
    private readonly Dictionary<ClassPlan, Dictionary<string, PlanChild>> _children = new(ReferenceEqualityComparer.Instance);

    public PlanExporter(ModelPlan plan, IReadOnlyDictionary<string, Tensor> weights, bool foldBatchNorm)
    {
        _plan = plan;
        _weights = weights;
        _fold = foldBatchNorm;
        _classes = plan.Blocks.ToDictionary(c => c.Key, StringComparer.Ordinal);
    }

    /// <summary>What int8 quantization does with each node of the graph <see cref="Build"/> wrote, by node name.</summary>
    public IReadOnlyDictionary<string, Int8Role> Roles => _graph.Roles;

    public GraphProto Build()
    {
        const string input = "input";
        const string logits = "logits";
        _graph.Reserve(input, logits);
        var environment = new Dictionary<string, long>(StringComparer.Ordinal) { [ChannelExpression.Classes] = _plan.Classes };
        var output = Walk(_plan.Network, _plan.Network.Forward, new OnnxValue(input, new long[] { _plan.Input.Channels, _plan.Input.Height, _plan.Input.Width }), string.Empty, environment);
        _graph.Output(logits, output.Name);
        var graph = _graph.Graph;
        graph.Name = _plan.Name;
        graph.Input.Add(Value(input, "N", _plan.Input.Channels, _plan.Input.Height, _plan.Input.Width));
        graph.Output.Add(Value(logits, "N", _plan.Classes));
        return graph;
    }

    private OnnxValue Walk(ClassPlan owner, IEnumerable<PlanStep> steps, OnnxValue x, string prefix, IReadOnlyDictionary<string, long> environment) =>
        new ClassWalk(this, owner, prefix, environment).Walk(steps, x);

    private OnnxValue Module(ModuleSpec module, string path, OnnxValue x, IReadOnlyDictionary<string, long> environment) => module switch
    {
        LibraryModule library => Library(library, path, x, environment),
        ClassModule instance => Instance(instance, path, x, environment),
        SequentialModule sequential => sequential.Items
            .Select((item, index) => (Name: item.Name ?? index.ToString(CultureInfo.InvariantCulture), item.Module))
            .Aggregate(x, (current, item) => Module(item.Module, path + "." + item.Name, current, environment)),
        _ => throw new InvalidOperationException($"unknown module spec {module.GetType().Name}"),
    };

    private OnnxValue Instance(ClassModule instance, string path, OnnxValue x, IReadOnlyDictionary<string, long> environment)
    {
        var plan = _classes[instance.ClassKey];
        return Walk(plan, plan.Forward, x, path, plan.Environment(instance, environment));
    }

    /// <summary>One library module as the ONNX operators its catalogue entry lists.</summary>
    private OnnxValue Library(LibraryModule module, string path, OnnxValue x, IReadOnlyDictionary<string, long> environment)
    {
        var lowering = new RuleLowering(this, module, path, environment);
        var state = new RuleState(x, 0);
        while (state.Next < module.Definition.Onnx.Count)
        {
            state = module.Definition.Onnx[state.Next].Accept(lowering, state);
        }

        return state.Value;
    }

    /// <summary>The tensor so far and the index of the next rule to lower (a folded batch norm is skipped).</summary>
    private readonly record struct RuleState(OnnxValue Value, int Next);

    /// <summary>Each kind of ONNX rule of one library module, as nodes of this exporter's graph.</summary>
    private sealed class RuleLowering(PlanExporter exporter, LibraryModule module, string path, IReadOnlyDictionary<string, long> environment) : IOnnxRuleVisitor<RuleState>
    {
        private IReadOnlyList<OnnxRule> Rules => module.Definition.Onnx;

        public RuleState VisitConv(OnnxConv rule, RuleState state)
        {
            var weights = Join(path, rule.Weights);
            var (stride, padding, groups) = (Pair(module, rule.Stride, (1, 1)), Pair(module, rule.Padding, (0, 0)), Groups(module, rule.Groups, environment));
            if (exporter._fold && state.Next + 1 < Rules.Count && Rules[state.Next + 1] is OnnxBatchNorm norm)
            {
                // A batch norm right after the convolution folds into its weights; it is consumed with it.
                return new RuleState(exporter.FoldedConv(weights, rule.Int8, Join(path, norm.Weights), state.Value, stride, padding, groups, Number(module, norm.Epsilon)), state.Next + 2);
            }

            var bias = exporter.Has(weights + ".bias") ? weights + ".bias" : null;
            return new RuleState(exporter.Conv(weights, rule.Int8, state.Value, stride, padding, groups, weights + ".weight", bias), state.Next + 1);
        }

        public RuleState VisitBatchNorm(OnnxBatchNorm rule, RuleState state) =>
            new(exporter.Norm(Join(path, rule.Weights), rule.Int8, state.Value, Number(module, rule.Epsilon)), state.Next + 1);

        public RuleState VisitRelu(OnnxRelu rule, RuleState state)
        {
            if (rule.When is not null && !Flag(module, rule.When))
            {
                return state with { Next = state.Next + 1 };
            }

            var name = exporter._graph.Node(OnnxOps.Relu, rule.Int8, Rules.Count == 1 ? path : path + ".relu", new[] { state.Value.Name });
            return new RuleState(state.Value with { Name = name }, state.Next + 1);
        }

        public RuleState VisitPool(OnnxPool rule, RuleState state) =>
            new(exporter.Pool(rule, module, path, state.Value), state.Next + 1);

        public RuleState VisitAdaptiveAveragePool(OnnxAdaptiveAveragePool rule, RuleState state) =>
            new(exporter.AdaptiveAveragePool(path, rule.Int8, state.Value, Pair(module, rule.OutputSize)), state.Next + 1);

        public RuleState VisitFlatten(OnnxFlatten rule, RuleState state) =>
            new(exporter.Flatten(path, rule.Int8, state.Value), state.Next + 1);

        public RuleState VisitIdentity(OnnxIdentity rule, RuleState state) => state with { Next = state.Next + 1 };

        public RuleState VisitGemm(OnnxGemm rule, RuleState state) =>
            new(exporter.Gemm(Join(path, rule.Weights), rule.Int8, state.Value), state.Next + 1);
    }

    private OnnxValue Pool(OnnxPool pool, LibraryModule module, string path, OnnxValue x)
    {
        var kernel = Pair(module, pool.Kernel);
        var stride = Pair(module, pool.Stride);
        var padding = Pair(module, pool.Padding);
        var ceil = Flag(module, pool.CeilMode);
        var attributes = new List<AttributeProto>
        {
            Ints("kernel_shape", kernel.Height, kernel.Width),
            Ints("strides", stride.Height, stride.Width),
            Ints("pads", padding.Height, padding.Width, padding.Height, padding.Width),
            Int("ceil_mode", ceil ? 1 : 0),
        };
        if (pool.CountIncludePad is { } countIncludePad)
        {
            attributes.Add(Int("count_include_pad", Flag(module, countIncludePad) ? 1 : 0));
        }

        var name = _graph.Node(pool.Kind == OnnxPoolKind.Max ? OnnxOps.MaxPool : OnnxOps.AveragePool, pool.Int8, path, new[] { x.Name }, attributes.ToArray());
        return new OnnxValue(name, new[] { x.Shape[0], ShapeRules.Pool(x.Shape[1], kernel.Height, stride.Height, padding.Height, ceil), ShapeRules.Pool(x.Shape[2], kernel.Width, stride.Width, padding.Width, ceil) });
    }

    /// <summary>
    /// PyTorch's adaptive average pooling: cell i of n covers rows floor(i*H/n) to ceil((i+1)*H/n). A 1x1 output is
    /// GlobalAveragePool; any other is two MatMuls with averaging matrices (rows, then columns), exact for every size.
    /// </summary>
    private OnnxValue AdaptiveAveragePool(string path, Int8Role role, OnnxValue x, (long Height, long Width) size)
    {
        if (size == (1, 1))
        {
            return new OnnxValue(_graph.Node(OnnxOps.GlobalAveragePool, role, path, new[] { x.Name }), new[] { x.Shape[0], 1L, 1L });
        }

        var columns = _graph.Initializer(path + ".columns", Averaging(x.Shape[2], size.Width, transpose: true), x.Shape[2], size.Width);
        var byColumns = _graph.Node(OnnxOps.MatMul, role, path + ".pool_columns", new[] { x.Name, columns });
        var rows = _graph.Initializer(path + ".rows", Averaging(x.Shape[1], size.Height, transpose: false), size.Height, x.Shape[1]);
        return new OnnxValue(_graph.Node(OnnxOps.MatMul, role, path, new[] { rows, byColumns }), new[] { x.Shape[0], size.Height, size.Width });
    }

    /// <summary>The n x length matrix whose row i averages cell i's span (or its transpose).</summary>
    private static float[] Averaging(long length, long cells, bool transpose)
    {
        var matrix = new float[length * cells];
        for (var i = 0L; i < cells; i++)
        {
            var start = i * length / cells;
            var end = (((i + 1) * length) + cells - 1) / cells;
            for (var j = start; j < end; j++)
            {
                matrix[transpose ? (j * cells) + i : (i * length) + j] = 1f / (end - start);
            }
        }

        return matrix;
    }

    private OnnxValue Flatten(string path, Int8Role role, OnnxValue x) =>
        new(_graph.Node(OnnxOps.Flatten, role, path, new[] { x.Name }, Int("axis", 1)), new[] { x.Shape.Aggregate(1L, (a, b) => a * b) });

    private OnnxValue Gemm(string path, Int8Role role, OnnxValue x)
    {
        var shape = Shape(path + ".weight");
        var weight = _graph.Initializer(path + ".weight", Floats(path + ".weight"), shape);
        var bias = Has(path + ".bias")
            ? _graph.Initializer(path + ".bias", Floats(path + ".bias"), Shape(path + ".bias"))
            : _graph.Initializer(path + ".bias", new float[shape[0]], shape[0]);
        return new OnnxValue(_graph.Node(OnnxOps.Gemm, role, path, new[] { x.Name, weight, bias }, Int("transB", 1)), new[] { shape[0] });
    }

    private OnnxValue Conv(string path, Int8Role role, OnnxValue x, (long Height, long Width) stride, (long Height, long Width) padding, long groups, string weightKey, string? biasKey)
    {
        var shape = Shape(weightKey);
        var inputs = new List<string> { x.Name, _graph.Initializer(weightKey, Floats(weightKey), shape) };
        if (biasKey is not null)
        {
            inputs.Add(_graph.Initializer(biasKey, Floats(biasKey), Shape(biasKey)));
        }

        return Convolved(_graph.Node(OnnxOps.Conv, role, path, inputs, ConvAttributes(shape, stride, padding, groups)), x, shape, stride, padding);
    }

    /// <summary>The conv's output, its grid from the compiler's shape rule.</summary>
    private static OnnxValue Convolved(string name, OnnxValue x, long[] weight, (long Height, long Width) stride, (long Height, long Width) padding) =>
        new(name, new[] { weight[0], ShapeRules.Conv(x.Shape[1], weight[2], stride.Height, padding.Height), ShapeRules.Conv(x.Shape[2], weight[3], stride.Width, padding.Width) });

    /// <summary>conv then batch norm as one conv: W' = W * g / sqrt(v + eps), b' = (b - m) * g / sqrt(v + eps) + beta.</summary>
    private OnnxValue FoldedConv(string convPath, Int8Role role, string normPath, OnnxValue x, (long Height, long Width) stride, (long Height, long Width) padding, long groups, double eps)
    {
        var shape = Shape(convPath + ".weight");
        var weight = Floats(convPath + ".weight");
        var gamma = Floats(normPath + ".weight");
        var beta = Floats(normPath + ".bias");
        var mean = Floats(normPath + ".running_mean");
        var variance = Floats(normPath + ".running_var");
        var bias = Has(convPath + ".bias") ? Floats(convPath + ".bias") : new float[shape[0]];
        var perChannel = weight.Length / (int)shape[0];
        var folded = new float[weight.Length];
        var foldedBias = new float[shape[0]];
        for (var o = 0; o < shape[0]; o++)
        {
            var scale = gamma[o] / Math.Sqrt(variance[o] + eps);
            for (var i = 0; i < perChannel; i++)
            {
                folded[(o * perChannel) + i] = (float)(weight[(o * perChannel) + i] * scale);
            }

            foldedBias[o] = (float)(((bias[o] - mean[o]) * scale) + beta[o]);
        }

        var inputs = new[]
        {
            x.Name,
            _graph.Initializer(convPath + ".weight", folded, shape),
            _graph.Initializer(convPath + ".bias", foldedBias, shape[0]),
        };
        return Convolved(_graph.Node(OnnxOps.Conv, role, convPath, inputs, ConvAttributes(shape, stride, padding, groups)), x, shape, stride, padding);
    }

    private OnnxValue Norm(string path, Int8Role role, OnnxValue x, double eps)
    {
        var mean = Floats(path + ".running_mean");
        var channels = mean.Length;

        // A batch norm without affine parameters (affine=false) is one with scale 1 and shift 0.
        var scale = Has(path + ".weight") ? Floats(path + ".weight") : Enumerable.Repeat(1f, channels).ToArray();
        var shift = Has(path + ".bias") ? Floats(path + ".bias") : new float[channels];
        var inputs = new[]
        {
            x.Name,
            _graph.Initializer(path + ".weight", scale, channels),
            _graph.Initializer(path + ".bias", shift, channels),
            _graph.Initializer(path + ".running_mean", mean, channels),
            _graph.Initializer(path + ".running_var", Floats(path + ".running_var"), channels),
        };
        return x with { Name = _graph.Node(OnnxOps.BatchNormalization, role, path, inputs, Float("epsilon", (float)eps)) };
    }

    private static AttributeProto[] ConvAttributes(long[] shape, (long Height, long Width) stride, (long Height, long Width) padding, long groups) => new[]
    {
        Ints("kernel_shape", shape[2], shape[3]),
        Ints("strides", stride.Height, stride.Width),
        Ints("pads", padding.Height, padding.Width, padding.Height, padding.Width),
        Int("group", groups),
    };

    private bool Has(string key) => _weights.ContainsKey(key);

    private float[] Floats(string key)
    {
        if (!_weights.TryGetValue(key, out var tensor))
        {
            throw new InvalidOperationException($"the model has no weight '{key}', which the plan of {_plan.Name} needs");
        }

        using var values = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return values.data<float>().ToArray();
    }

    private long[] Shape(string key) =>
        _weights.TryGetValue(key, out var tensor) ? tensor.shape : throw new InvalidOperationException($"the model has no weight '{key}', which the plan of {_plan.Name} needs");

    private static (long Height, long Width) Pair(LibraryModule module, ModuleArgument? argument, (long, long) absent = default) =>
        argument is null ? absent : module.Value(argument) is PairValue { Pair: var pair } ? (pair.Height, pair.Width) : throw Unexpected(module, argument);

    private static double Number(LibraryModule module, ModuleArgument argument) =>
        module.Value(argument) is DoubleValue number ? number.Value : throw Unexpected(module, argument);

    private static bool Flag(LibraryModule module, ModuleArgument argument) =>
        module.Value(argument) is BoolValue flag ? flag.Value : throw Unexpected(module, argument);

    private static long Groups(LibraryModule module, ModuleArgument? argument, IReadOnlyDictionary<string, long> environment) =>
        argument is null ? 1 : module.Value(argument).Accept(new InstanceValue(environment)) is long groups ? groups : throw Unexpected(module, argument);

    private static InvalidOperationException Unexpected(LibraryModule module, ModuleArgument argument) =>
        new($"{module.Definition.Name}'s '{argument.Name}' is not a {argument.Kind}");


    private Dictionary<string, PlanChild> ChildrenOf(ClassPlan owner)
    {
        if (!_children.TryGetValue(owner, out var children))
        {
            _children[owner] = children = owner.Children.ToDictionary(c => c.Name, StringComparer.Ordinal);
        }

        return children;
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : name.Length == 0 ? prefix : prefix + "." + name;

    /// <summary>A value of the graph and its shape without the batch dimension: C x H x W, or F once flat.</summary>
    private sealed record OnnxValue(string Name, long[] Shape);

    /// <summary>One class's forward as ONNX nodes: the shared walk with value names; auxiliary heads only serve training and are left out.</summary>
    private sealed class ClassWalk : ForwardWalker<OnnxValue>
    {
        private readonly PlanExporter _exporter;
        private readonly ClassPlan _owner;
        private readonly string _prefix;
        private readonly IReadOnlyDictionary<string, long> _environment;
        private readonly Dictionary<string, PlanChild> _children;

        public ClassWalk(PlanExporter exporter, ClassPlan owner, string prefix, IReadOnlyDictionary<string, long> environment)
        {
            _exporter = exporter;
            _owner = owner;
            _children = exporter.ChildrenOf(owner);
            _prefix = prefix;
            _environment = environment;
        }

        private GraphWriter Graph => _exporter._graph;

        protected override OnnxValue Call(CallStep step, OnnxValue input)
        {
            var x = step.FlattenInput ? input with { Name = Graph.Node(OnnxOps.Flatten, Int8Role.SharesScale, Join(_prefix, step.Modules[0]) + ".flatten", new[] { input.Name }, Int("axis", 1)), Shape = new[] { input.Shape.Aggregate(1L, (a, b) => a * b) } } : input;
            foreach (var name in step.Modules)
            {
                x = _exporter.Module(Child(name).Module, Join(_prefix, name), x, _environment);
            }

            return step.ReluAfter ? x with { Name = Graph.Node(OnnxOps.Relu, Int8Role.FoldsAsClamp, Join(_prefix, step.Modules[step.Modules.Count - 1]) + ".relu", new[] { x.Name }) } : x;
        }

        protected override OnnxValue Concat(ConcatStep step, OnnxValue input, IReadOnlyList<OnnxValue> branches)
        {
            var shape = (long[])branches[0].Shape.Clone();
            shape[0] = branches.Sum(b => b.Shape[0]);
            return new OnnxValue(Graph.Node(OnnxOps.Concat, Int8Role.SharesScale, Join(_prefix, "concat"), branches.Select(b => b.Name), Int("axis", 1)), shape);
        }

        protected override OnnxValue Residual(ResidualStep step, OnnxValue body, OnnxValue shortcut)
        {
            var scaled = body.Name;
            if (step.Scale != 1)
            {
                var scale = Graph.Initializer(Join(_prefix, "residual_scale"), new[] { (float)step.Scale });
                scaled = Graph.Node(OnnxOps.Mul, Int8Role.FoldsAsScale, Join(_prefix, "scaled"), new[] { body.Name, scale });
            }

            var sum = Graph.Node(OnnxOps.Add, Int8Role.Float, Join(_prefix, "add"), new[] { scaled, shortcut.Name });
            return body with { Name = step.Relu ? Graph.Node(OnnxOps.Relu, Int8Role.FoldsAsClamp, Join(_prefix, "add.relu"), new[] { sum }) : sum };
        }

        protected override void Aux(AuxStep step, OnnxValue input)
        {
        }

        // By name through a table: a concat of 100,000 branches has as many children, looked up once each.
        private PlanChild Child(string name) =>
            _children.TryGetValue(name, out var child) ? child : throw new InvalidOperationException($"{_owner.Name} has no child '{name}'");
    }
}
