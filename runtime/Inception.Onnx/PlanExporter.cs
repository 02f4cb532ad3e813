using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.IR;
using Inception.Compiler.Plan;
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

    public PlanExporter(ModelPlan plan, IReadOnlyDictionary<string, Tensor> weights, bool foldBatchNorm)
    {
        _plan = plan;
        _weights = weights;
        _fold = foldBatchNorm;
        _classes = plan.Blocks.ToDictionary(c => c.Key, StringComparer.Ordinal);
    }

    public GraphProto Build()
    {
        const string input = "input";
        var environment = new Dictionary<string, long>(StringComparer.Ordinal) { [Width.Classes] = _plan.Classes };
        var output = Steps(_plan.Network, _plan.Network.Forward, input, string.Empty, environment);
        output = _graph.Node("Identity", "logits", new[] { output });
        var graph = _graph.Graph;
        graph.Name = _plan.Name;
        graph.Input.Add(Value(input, "N", _plan.Input.Channels, _plan.Input.Height, _plan.Input.Width));
        graph.Output.Add(Value(output, "N", _plan.Classes));
        return graph;
    }

    private string Steps(ClassPlan owner, IEnumerable<PlanStep> steps, string x, string prefix, IReadOnlyDictionary<string, long> environment)
    {
        foreach (var step in steps)
        {
            switch (step)
            {
                case CallStep call:
                    if (call.FlattenInput)
                    {
                        x = _graph.Node("Flatten", Join(prefix, call.Modules[0]) + ".flatten", new[] { x }, Int("axis", 1));
                    }

                    foreach (var name in call.Modules)
                    {
                        x = Module(Child(owner, name).Module, Join(prefix, name), x, environment);
                    }

                    if (call.ReluAfter)
                    {
                        x = _graph.Node("Relu", Join(prefix, call.Modules[call.Modules.Count - 1]) + ".relu", new[] { x });
                    }

                    break;
                case ConcatStep concat:
                    var branches = concat.Branches.Select(b => Steps(owner, b.Steps, x, prefix, environment)).ToList();
                    x = _graph.Node("Concat", Join(prefix, "concat"), branches, Int("axis", 1));
                    break;
                case ResidualStep residual:
                    var shortcut = Steps(owner, residual.Shortcut, x, prefix, environment);
                    var body = Steps(owner, residual.Body, x, prefix, environment);
                    if (residual.Scale != 1)
                    {
                        var scale = _graph.Initializer(Join(prefix, "residual_scale"), new[] { (float)residual.Scale });
                        body = _graph.Node("Mul", Join(prefix, "scaled"), new[] { body, scale });
                    }

                    x = _graph.Node("Add", Join(prefix, "add"), new[] { body, shortcut });
                    if (residual.Relu)
                    {
                        x = _graph.Node("Relu", Join(prefix, "add.relu"), new[] { x });
                    }

                    break;
                case AuxStep:
                    // Auxiliary heads only serve training; the exported graph is the inference path.
                    break;
                default:
                    throw new NotSupportedException($"the ONNX exporter has no rule for {step.GetType().Name}");
            }
        }

        return x;
    }

    private string Module(ModuleSpec module, string path, string x, IReadOnlyDictionary<string, long> environment) => module switch
    {
        LibraryModule library => Library(library, path, x, environment),
        ClassModule instance => Instance(instance, path, x, environment),
        SequentialModule sequential => sequential.Items
            .Select((item, index) => (Name: item.Name ?? index.ToString(CultureInfo.InvariantCulture), item.Module))
            .Aggregate(x, (current, item) => Module(item.Module, path + "." + item.Name, current, environment)),
        _ => throw new NotSupportedException($"the ONNX exporter has no rule for {module.GetType().Name}"),
    };

    private string Instance(ClassModule instance, string path, string x, IReadOnlyDictionary<string, long> environment)
    {
        var plan = _classes[instance.ClassKey];
        return Steps(plan, plan.Forward, x, path, plan.Environment(instance, environment));
    }

    /// <summary>One library module as ONNX nodes; the module types are those the op definitions lower to.</summary>
    private string Library(LibraryModule module, string path, string x, IReadOnlyDictionary<string, long> environment)
    {
        switch (module.Type)
        {
            case "Conv2d":
                return Conv(path, x, Pair(module, "stride", (1, 1)), Pair(module, "padding", (0, 0)), Groups(module, environment), path + ".weight", Has(path + ".bias") ? path + ".bias" : null);
            case "BasicConv2d":
                {
                    var stride = Pair(module, "stride", (1, 1));
                    var padding = Pair(module, "padding", (0, 0));
                    var eps = Number(module, "eps", 1e-3);
                    var bias = Has(path + ".conv.bias") ? path + ".conv.bias" : null;
                    var y = _fold
                        ? FoldedConv(path, x, stride, padding, Groups(module, environment), eps, bias)
                        : Norm(path + ".bn", Conv(path + ".conv", x, stride, padding, Groups(module, environment), path + ".conv.weight", bias), eps);
                    return Flag(module, "relu", true) ? _graph.Node("Relu", path + ".relu", new[] { y }) : y;
                }

            case "SeparableConv2d":
                {
                    var depthwise = Conv(path + ".conv1", x, Pair(module, "stride", (1, 1)), Pair(module, "padding", (0, 0)), Shape(path + ".conv1.weight")[0], path + ".conv1.weight", Has(path + ".conv1.bias") ? path + ".conv1.bias" : null);
                    return Conv(path + ".pointwise", depthwise, (1, 1), (0, 0), 1, path + ".pointwise.weight", Has(path + ".pointwise.bias") ? path + ".pointwise.bias" : null);
                }

            case "MaxPool2d":
            case "AvgPool2d":
                {
                    var kernel = ((PairValue)module.Arguments[0].Value).Pair;
                    var stride = Pair(module, "stride", (kernel.Height, kernel.Width));
                    var padding = Pair(module, "padding", (0, 0));
                    var attributes = new List<AttributeProto>
                    {
                        Ints("kernel_shape", kernel.Height, kernel.Width),
                        Ints("strides", stride.Height, stride.Width),
                        Ints("pads", padding.Height, padding.Width, padding.Height, padding.Width),
                        Int("ceil_mode", Flag(module, "ceil_mode", false) ? 1 : 0),
                    };
                    if (module.Type == "AvgPool2d")
                    {
                        // PyTorch counts the padding by default; ONNX does not.
                        attributes.Add(Int("count_include_pad", Flag(module, "count_include_pad", true) ? 1 : 0));
                    }

                    return _graph.Node(module.Type == "MaxPool2d" ? "MaxPool" : "AveragePool", path, new[] { x }, attributes.ToArray());
                }

            case "AdaptiveAvgPool2d":
                var size = ((PairValue)module.Arguments[0].Value).Pair;
                if (size != Compiler.IR.Pair.Square(1))
                {
                    throw new NotSupportedException($"{path}: adaptive_avgpool {size} on the inference path has no fixed ONNX equivalent; only a 1x1 output (GlobalAveragePool) exports");
                }

                return _graph.Node("GlobalAveragePool", path, new[] { x });
            case "Flatten":
                return _graph.Node("Flatten", path, new[] { x }, Int("axis", 1));
            case "Dropout":
                return x;
            case "ReLU":
                return _graph.Node("Relu", path, new[] { x });
            case "BatchNorm1d":
            case "BatchNorm2d":
                return Norm(path, x, Number(module, "eps", 1e-5));
            case "Linear":
                {
                    var weight = _graph.Initializer(path + ".weight", Floats(path + ".weight"), Shape(path + ".weight"));
                    var bias = Has(path + ".bias")
                        ? _graph.Initializer(path + ".bias", Floats(path + ".bias"), Shape(path + ".bias"))
                        : _graph.Initializer(path + ".bias", new float[Shape(path + ".weight")[0]], Shape(path + ".weight")[0]);
                    return _graph.Node("Gemm", path, new[] { x, weight, bias }, Int("transB", 1));
                }

            default:
                throw new NotSupportedException($"{path}: the ONNX exporter has no rule for the module type {module.Type}");
        }
    }

    private string Conv(string path, string x, (long Height, long Width) stride, (long Height, long Width) padding, long groups, string weightKey, string? biasKey)
    {
        var shape = Shape(weightKey);
        var inputs = new List<string> { x, _graph.Initializer(weightKey, Floats(weightKey), shape) };
        if (biasKey is not null)
        {
            inputs.Add(_graph.Initializer(biasKey, Floats(biasKey), Shape(biasKey)));
        }

        return _graph.Node("Conv", path, inputs, ConvAttributes(shape, stride, padding, groups));
    }

    /// <summary>conv then batch norm as one conv: W' = W * g / sqrt(v + eps), b' = (b - m) * g / sqrt(v + eps) + beta.</summary>
    private string FoldedConv(string path, string x, (long Height, long Width) stride, (long Height, long Width) padding, long groups, double eps, string? biasKey)
    {
        var shape = Shape(path + ".conv.weight");
        var weight = Floats(path + ".conv.weight");
        var gamma = Floats(path + ".bn.weight");
        var beta = Floats(path + ".bn.bias");
        var mean = Floats(path + ".bn.running_mean");
        var variance = Floats(path + ".bn.running_var");
        var bias = biasKey is null ? new float[shape[0]] : Floats(biasKey);
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
            x,
            _graph.Initializer(path + ".conv.weight", folded, shape),
            _graph.Initializer(path + ".conv.bias", foldedBias, shape[0]),
        };
        return _graph.Node("Conv", path + ".conv", inputs, ConvAttributes(shape, stride, padding, groups));
    }

    private string Norm(string path, string x, double eps)
    {
        var mean = Floats(path + ".running_mean");
        var channels = mean.Length;

        // A batch norm without affine parameters (affine=false) is one with scale 1 and shift 0.
        var scale = Has(path + ".weight") ? Floats(path + ".weight") : Enumerable.Repeat(1f, channels).ToArray();
        var shift = Has(path + ".bias") ? Floats(path + ".bias") : new float[channels];
        var inputs = new[]
        {
            x,
            _graph.Initializer(path + ".weight", scale, channels),
            _graph.Initializer(path + ".bias", shift, channels),
            _graph.Initializer(path + ".running_mean", mean, channels),
            _graph.Initializer(path + ".running_var", Floats(path + ".running_var"), channels),
        };
        return _graph.Node("BatchNormalization", path, inputs, Float("epsilon", (float)eps));
    }

    private static AttributeProto[] ConvAttributes(long[] shape, (long Height, long Width) stride, (long Height, long Width) padding, long groups) => new[]
    {
        Ints("kernel_shape", shape[2], shape[3]),
        Ints("strides", stride.Height, stride.Width),
        Ints("pads", padding.Height, padding.Width, padding.Height, padding.Width),
        Int("group", groups),
    };

    private PlanChild Child(ClassPlan owner, string name) =>
        owner.Children.FirstOrDefault(c => c.Name == name) ?? throw new InvalidOperationException($"{owner.Name} has no child '{name}'");

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

    private static PlanValue? Named(LibraryModule module, string name) => module.Arguments.FirstOrDefault(a => a.Name == name)?.Value;

    private static (long Height, long Width) Pair(LibraryModule module, string name, (long, long) fallback) =>
        Named(module, name) is PairValue pair ? (pair.Pair.Height, pair.Pair.Width) : fallback;

    private static double Number(LibraryModule module, string name, double fallback) => Named(module, name) is DoubleValue number ? number.Value : fallback;

    private static bool Flag(LibraryModule module, string name, bool fallback) => Named(module, name) is BoolValue flag ? flag.Value : fallback;

    private static long Groups(LibraryModule module, IReadOnlyDictionary<string, long> environment) =>
        Named(module, "groups") is WidthValue width ? Evaluate(width.Width, environment) : 1;

    private static long Evaluate(Width width, IReadOnlyDictionary<string, long> environment) =>
        width.Evaluate(environment, out var error) ?? throw new InvalidOperationException(error);

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}
