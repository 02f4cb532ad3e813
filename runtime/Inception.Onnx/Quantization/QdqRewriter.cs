using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Inception.Compiler.Plan.Modules;
using Inception.Onnx.Proto;
using static Inception.Onnx.Proto.TensorProto.Types;

namespace Inception.Onnx.Quantization;

/// <summary>
/// Rewrites an fp32 graph into ONNX Runtime's QDQ form, reading what each node is from the role its rule
/// declared (<see cref="Int8Role"/>), never from its operator's name: every activation (the input and each node's output,
/// the logits excepted) passes a QuantizeLinear/DequantizeLinear pair with its calibrated uint8 scale; each
/// Conv's weight is int8 per output channel and each Gemm's per tensor, symmetric, with the bias int32 at
/// the input's scale times the weight's, all behind DequantizeLinear. ONNX Runtime's optimizer then runs
/// DQ -> Conv -> Q as QLinearConv, DQ -> Gemm -> Q as QGemm, and drops the pairs around max pools.
/// Tensors that a Concat joins, and the input and output of a max pool or a flatten, share one scale where
/// the op alone reads them, so those ops move uint8 values without requantizing them.
/// </summary>
internal sealed class QdqRewriter
{
    private const string QuantizedSuffix = "_quantized";
    private const string DequantizedSuffix = "_dequantized";

    private readonly GraphProto _source;
    private readonly Dictionary<string, TensorRange> _ranges;
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly Dictionary<string, string> _group = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (float Scale, byte ZeroPoint)> _activations = new(StringComparer.Ordinal);
    private readonly GraphProto _target = new();
    private readonly HashSet<string> _names;
    private readonly List<NodeProto> _nodes;

    private readonly Dictionary<string, int> _channels;

    // What quantization does with each node, as the exporter declared it; a node the rewriter replaces takes its new role.
    private readonly Dictionary<string, Int8Role> _roles;

    private QdqRewriter(GraphProto source, IReadOnlyDictionary<string, Int8Role> roles, Dictionary<string, TensorRange> ranges, Dictionary<string, int> channels)
    {
        _source = source;
        _roles = roles.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        _ranges = ranges;
        _channels = channels;
        _initializers = source.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        _names = source.Initializer.Select(i => i.Name).Concat(source.Input.Select(i => i.Name)).Concat(source.Node.SelectMany(n => n.Output)).ToHashSet(StringComparer.Ordinal);
        _nodes = Simplify(source);
    }

    /// <summary>The number of Conv and Gemm nodes given int8 weights.</summary>
    public int QuantizedNodes { get; private set; }

    /// <param name="roles">What quantization does with each node of <paramref name="fp32"/>, by node name (<see cref="GraphWriter.Roles"/>).</param>
    public static (GraphProto Graph, int QuantizedNodes) Rewrite(GraphProto fp32, IReadOnlyDictionary<string, Int8Role> roles, Dictionary<string, TensorRange> ranges, Dictionary<string, int> channels)
    {
        var rewriter = new QdqRewriter(fp32, roles, ranges, channels);
        return (rewriter.Build(), rewriter.QuantizedNodes);
    }

    private GraphProto Build()
    {
        var outputs = new HashSet<string>(_source.Output.Select(o => o.Name), StringComparer.Ordinal);
        TieSameScaleTensors();
        _target.Name = _source.Name;
        _target.Input.AddRange(_source.Input);
        _target.Output.AddRange(_source.Output);

        // Weights that stay fp32 (a residual's scale, pooling matrices) are kept; Conv and Gemm weights are replaced below.
        var replaced = _nodes.Where(IsQuantizedCompute).SelectMany(n => n.Input.Skip(1)).ToHashSet(StringComparer.Ordinal);
        var read = _nodes.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        _target.Initializer.AddRange(_source.Initializer.Where(i => read.Contains(i.Name) && !replaced.Contains(i.Name)));

        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in _source.Input)
        {
            renamed[input.Name] = QuantizeActivation(input.Name);
        }

        foreach (var node in _nodes)
        {
            var rewritten = node.Clone();
            for (var i = 0; i < rewritten.Input.Count; i++)
            {
                if (renamed.TryGetValue(rewritten.Input[i], out var dequantized))
                {
                    rewritten.Input[i] = dequantized;
                }
            }

            if (IsQuantizedCompute(node))
            {
                QuantizeWeights(node, rewritten);
            }

            _target.Node.Add(rewritten);
            foreach (var output in node.Output.Where(o => !outputs.Contains(o)))
            {
                renamed[output] = QuantizeActivation(output);
            }
        }

        return _target;
    }

    /// <summary>
    /// The graph's nodes simplified where an op alone reads a Conv's output, as ONNX Runtime's own quantizer
    /// prepares a graph, so that each Conv and what follows it fuse into one QLinearConv:
    /// a BatchNormalization (Xception's, after a separable conv) and a Mul by a constant (a residual's scale)
    /// fold into the Conv's weights and bias; and a Relu after any op is taken out, that op writing the Relu's
    /// output instead: its QuantizeLinear then has the Relu's range, which starts at 0, so zero point 0
    /// clamps exactly as the Relu did.
    /// </summary>
    private List<NodeProto> Simplify(GraphProto graph)
    {
        var readers = graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)).GroupBy(n => n, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        var nodes = new List<NodeProto>();
        foreach (var original in graph.Node)
        {
            var producer = original.Input.Count > 0 && producers.TryGetValue(original.Input[0], out var p) && readers[original.Input[0]] == 1 && p.Output.Count == 1 ? p : null;
            var absorbed = (Role(original), producer is null ? (Int8Role?)null : Role(producer)) switch
            {
                (Int8Role.FoldsAsClamp, not null) => true,
                (Int8Role.FoldsAsNormalization, Int8Role.WeightsPerChannel) => FoldBatchNorm(producer!, original),
                (Int8Role.FoldsAsScale, Int8Role.WeightsPerChannel) => FoldScale(producer!, original),
                _ => false,
            };
            if (absorbed)
            {
                producer!.Output[0] = original.Output[0];
                producers[original.Output[0]] = producer;
                continue;
            }

            var node = AveragePoolAsConvolution(original) ?? original.Clone();
            nodes.Add(node);
            foreach (var output in node.Output)
            {
                producers[output] = node;
            }
        }

        return nodes;
    }

    /// <summary>
    /// An average pool that counts padded zeros (torchvision's default) or has no padding is exactly a depthwise
    /// convolution with every weight 1 / (kh x kw); as one, it runs as a QLinearConv, where ONNX Runtime's
    /// QLinearAveragePool took 40% of int8 InceptionV3's time for its 9 pools (profiled at batch 8).
    /// </summary>
    private NodeProto? AveragePoolAsConvolution(NodeProto pool)
    {
        long[] Ints(string name) => pool.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray() ?? [];
        long Int(string name) => pool.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? 0;
        var (kernel, pads) = (Ints("kernel_shape"), Ints("pads"));
        if (Role(pool) != Int8Role.AveragesAsConvolution || kernel.Length != 2 || Int("ceil_mode") != 0 || (Int("count_include_pad") == 0 && pads.Any(p => p != 0))
            || !_channels.TryGetValue(pool.Input[0], out var channels))
        {
            return null;
        }

        var weights = Enumerable.Repeat(1f / (kernel[0] * kernel[1]), (int)(channels * kernel[0] * kernel[1])).ToArray();
        var conv = new NodeProto { OpType = OnnxOps.Conv, Name = pool.Name };
        _roles[conv.Name] = Int8Role.WeightsPerChannel;
        conv.Input.Add(pool.Input[0]);
        conv.Input.Add(Replace(pool.Output[0] + ".weight", [channels, 1, kernel[0], kernel[1]], weights));
        conv.Output.Add(pool.Output[0]);
        conv.Attribute.Add(GraphWriter.Ints("kernel_shape", kernel));
        conv.Attribute.Add(GraphWriter.Int("group", channels));
        conv.Attribute.AddRange(pool.Attribute.Where(a => a.Name is "strides" or "pads"));
        return conv;
    }

    /// <summary>Scales the Conv's output channels by a constant Mul's factor: a scalar, or one per channel.</summary>
    private bool FoldScale(NodeProto conv, NodeProto mul)
    {
        var factor = mul.Input.Skip(1).Select(i => _initializers.GetValueOrDefault(i)).SingleOrDefault();
        if (mul.Input[0] != conv.Output[0] || factor is null || factor.DataType != (int)DataType.Float)
        {
            return false;
        }

        var values = Floats(factor);
        var channels = (int)_initializers[conv.Input[1]].Dims[0];
        return values.Length is 1 || values.Length == channels
            ? Rescale(conv, Enumerable.Range(0, channels).Select(c => values[values.Length == 1 ? 0 : c]).ToArray(), new float[channels])
            : false;
    }

    /// <summary>y = (conv(x) - mean) * gamma / sqrt(var + eps) + beta, made one Conv.</summary>
    private bool FoldBatchNorm(NodeProto conv, NodeProto norm)
    {
        var parameters = norm.Input.Skip(1).Select(i => _initializers.GetValueOrDefault(i)).ToList();
        if (parameters.Count != 4 || parameters.Any(t => t is null))
        {
            return false;
        }

        var (gamma, beta, mean, variance) = (Floats(parameters[0]!), Floats(parameters[1]!), Floats(parameters[2]!), Floats(parameters[3]!));
        var epsilon = norm.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
        var factors = gamma.Select((g, c) => g / MathF.Sqrt(variance[c] + epsilon)).ToArray();
        return Rescale(conv, factors, beta.Select((b, c) => b - (mean[c] * factors[c])).ToArray());
    }

    /// <summary>Makes the Conv compute conv(x) * factor + shift per output channel, with new weight and bias initializers.</summary>
    private bool Rescale(NodeProto conv, float[] factors, float[] shifts)
    {
        var weight = _initializers[conv.Input[1]];
        var values = Floats(weight);
        var step = values.Length / factors.Length;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= factors[i / step];
        }

        var bias = conv.Input.Count > 2 ? Floats(_initializers[conv.Input[2]]) : new float[factors.Length];
        var shifted = bias.Select((b, c) => (b * factors[c]) + shifts[c]).ToArray();
        conv.Input[1] = Replace(weight.Name + "_folded", weight.Dims.ToArray(), values);
        var biasName = Replace((conv.Input.Count > 2 ? conv.Input[2] : weight.Name.Replace(".weight", ".bias", StringComparison.Ordinal)) + "_folded", [factors.Length], shifted);
        if (conv.Input.Count > 2)
        {
            conv.Input[2] = biasName;
        }
        else
        {
            conv.Input.Add(biasName);
        }

        return true;
    }

    /// <summary>A new fp32 initializer for a folded weight or bias; the rewrite quantizes it as it would the original.</summary>
    private string Replace(string name, long[] dims, float[] values)
    {
        var tensor = Tensor(Unique(name), DataType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        _initializers[tensor.Name] = tensor;
        return tensor.Name;
    }

    private bool IsQuantizedCompute(NodeProto node) => Role(node) is Int8Role.WeightsPerChannel or Int8Role.WeightsPerTensor;

    /// <summary>A node's role; every node the exporter writes has one, so a missing one is a bug, not an fp32 default.</summary>
    private Int8Role Role(NodeProto node) =>
        _roles.TryGetValue(node.Name, out var role) ? role : throw new InvalidOperationException($"the exporter declared no int8 role for node '{node.Name}' ({node.OpType})");

    /// <summary>Groups each same-scale op's inputs with its output (union-find on names), so the group's range is all their ranges.</summary>
    private void TieSameScaleTensors()
    {
        // Only a tensor the op alone reads: the input of a naive Inception module feeds its convs as well as the
        // pool beside them, and tied to the concat's wide range it would reach those convs with coarse steps.
        var readers = _nodes.SelectMany(n => n.Input).GroupBy(n => n, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var node in _nodes.Where(n => Role(n) == Int8Role.SharesScale))
        {
            foreach (var input in node.Input.Where(i => !_initializers.ContainsKey(i) && readers[i] == 1))
            {
                Union(input, node.Output[0]);
            }
        }
    }

    private string Find(string name)
    {
        while (_group.TryGetValue(name, out var parent) && parent != name)
        {
            name = parent;
        }

        return name;
    }

    private void Union(string a, string b)
    {
        var (rootA, rootB) = (Find(a), Find(b));
        if (rootA != rootB)
        {
            _group[rootA] = rootB;
            _group.TryAdd(rootB, rootB);
        }
    }

    private Dictionary<string, TensorRange>? _groupRanges;

    /// <summary>Each group's range, the union of its tensors' ranges (and 0): one pass over the ranges once the groups are tied.</summary>
    private Dictionary<string, TensorRange> GroupRanges()
    {
        if (_groupRanges is null)
        {
            _groupRanges = new Dictionary<string, TensorRange>(StringComparer.Ordinal);
            foreach (var (name, range) in _ranges)
            {
                var root = Find(name);
                _groupRanges[root] = _groupRanges.GetValueOrDefault(root).Union(range);
            }
        }

        return _groupRanges;
    }

    /// <summary>uint8 scale and zero point of an activation: its group's range, widened to hold 0 exactly.</summary>
    private (float Scale, byte ZeroPoint) ActivationParameters(string name)
    {
        var root = Find(name);
        if (_activations.TryGetValue(root, out var known))
        {
            return known;
        }

        var range = GroupRanges().GetValueOrDefault(root);
        var scale = (range.Max - range.Min) / 255f;
        if (!(scale > 0) || float.IsInfinity(scale))
        {
            scale = 1f;
        }

        var zeroPoint = (byte)Math.Clamp(Math.Round(-range.Min / scale, MidpointRounding.ToEven), 0, 255);
        return _activations[root] = (scale, zeroPoint);
    }

    /// <summary>Adds Q and DQ after an activation; returns the dequantized name its consumers read.</summary>
    private string QuantizeActivation(string name)
    {
        var (scale, zeroPoint) = ActivationParameters(name);
        var scaleName = Add(Tensor(name + "_scale", DataType.Float, [], MemoryMarshal.AsBytes(new[] { scale }.AsSpan()).ToArray()));
        var zeroName = Add(Tensor(name + "_zero_point", DataType.Uint8, [], [zeroPoint]));
        var quantized = Node(OnnxOps.QuantizeLinear, name + QuantizedSuffix, name, scaleName, zeroName);
        return Node(OnnxOps.DequantizeLinear, name + DequantizedSuffix, quantized, scaleName, zeroName);
    }

    /// <summary>Replaces a Conv's or Gemm's weight and bias by int8 and int32 tensors behind DequantizeLinear.</summary>
    private void QuantizeWeights(NodeProto source, NodeProto rewritten)
    {
        var weight = _initializers[source.Input[1]];
        var values = Floats(weight);
        var perChannel = Role(source) == Int8Role.WeightsPerChannel;
        var channels = perChannel ? (int)weight.Dims[0] : 1;
        var step = values.Length / channels;
        var scales = new float[channels];
        var quantized = new sbyte[values.Length];
        for (var c = 0; c < channels; c++)
        {
            var largest = 0f;
            for (var i = c * step; i < (c + 1) * step; i++)
            {
                largest = Math.Max(largest, Math.Abs(values[i]));
            }

            scales[c] = largest > 0 ? largest / 127f : 1f;
            for (var i = c * step; i < (c + 1) * step; i++)
            {
                quantized[i] = (sbyte)Math.Clamp(Math.Round(values[i] / scales[c], MidpointRounding.ToEven), -127, 127);
            }
        }

        long[] scaleDims = perChannel ? [channels] : [];
        var weightScale = Add(Tensor(weight.Name + "_scale", DataType.Float, scaleDims, MemoryMarshal.AsBytes(scales.AsSpan()).ToArray()));
        var weightZero = Add(Tensor(weight.Name + "_zero_point", DataType.Int8, scaleDims, new byte[channels]));
        var weightQuantized = Add(Tensor(weight.Name + QuantizedSuffix, DataType.Int8, weight.Dims.ToArray(), MemoryMarshal.AsBytes(quantized.AsSpan()).ToArray()));
        rewritten.Input[1] = Node(OnnxOps.DequantizeLinear, weight.Name + DequantizedSuffix, [weightQuantized, weightScale, weightZero], perChannel);

        if (source.Input.Count > 2 && _initializers.TryGetValue(source.Input[2], out var bias))
        {
            var inputScale = ActivationParameters(source.Input[0]).Scale;
            var biasValues = Floats(bias);
            var biasScales = biasValues.Select((_, i) => inputScale * scales[perChannel ? i : 0]).ToArray();
            var biasQuantized = biasValues.Select((b, i) => (int)Math.Clamp(Math.Round(b / biasScales[i], MidpointRounding.ToEven), int.MinValue + 1, int.MaxValue)).ToArray();
            long[] biasScaleDims = perChannel ? [biasValues.Length] : [];
            var biasScale = Add(Tensor(bias.Name + "_scale", DataType.Float, biasScaleDims, MemoryMarshal.AsBytes((perChannel ? biasScales : [biasScales.FirstOrDefault(1f)]).AsSpan()).ToArray()));
            var biasZero = Add(Tensor(bias.Name + "_zero_point", DataType.Int32, biasScaleDims, new byte[(perChannel ? biasValues.Length : 1) * sizeof(int)]));
            var biasInt = Add(Tensor(bias.Name + QuantizedSuffix, DataType.Int32, bias.Dims.ToArray(), MemoryMarshal.AsBytes(biasQuantized.AsSpan()).ToArray()));
            rewritten.Input[2] = Node(OnnxOps.DequantizeLinear, bias.Name + DequantizedSuffix, [biasInt, biasScale, biasZero], perChannel);
        }

        QuantizedNodes++;
    }

    /// <summary>An initializer's values; the exporter writes every one as raw little-endian data.</summary>
    private static float[] Floats(TensorProto tensor) => MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();

    private static TensorProto Tensor(string name, DataType type, long[] dims, byte[] raw)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private string Add(TensorProto tensor)
    {
        tensor.Name = Unique(tensor.Name);
        _target.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>The name, or with a counter where a layer's own tensor has it already (a layer called <c>x_scale</c>).</summary>
    private string Unique(string name)
    {
        var unique = name;
        for (var i = 2; !_names.Add(unique); i++)
        {
            unique = name + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return unique;
    }

    private string Node(string opType, string output, params string[] inputs) => Node(opType, output, inputs, perChannel: false);

    private string Node(string opType, string output, string[] inputs, bool perChannel)
    {
        output = Unique(output);
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        if (perChannel)
        {
            node.Attribute.Add(GraphWriter.Int("axis", 0));
        }

        _target.Node.Add(node);
        return output;
    }
}
