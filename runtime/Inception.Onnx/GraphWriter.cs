using System;
using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;
using Inception.Compiler.Plan.Modules;
using Inception.Onnx.Proto;

namespace Inception.Onnx;

/// <summary>Collects an ONNX graph's nodes and initializers, naming intermediate tensors uniquely.</summary>
internal sealed class GraphWriter
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _next = new(StringComparer.Ordinal);

    private readonly Dictionary<string, Int8Role> _roles = new(StringComparer.Ordinal);

    public GraphProto Graph { get; } = new();

    /// <summary>What int8 quantization does with each node, by node name, as the rule or plan step that wrote it declares.</summary>
    public IReadOnlyDictionary<string, Int8Role> Roles => _roles;

    /// <summary>A weight, named by its state_dict key.</summary>
    public string Initializer(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Claim(name), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX stores raw tensor data little-endian");
        }

        tensor.RawData = ByteString.CopyFrom(bytes);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Claims names the graph's own inputs and outputs need before any layer can take them (a layer named <c>input</c>).</summary>
    public void Reserve(params string[] names)
    {
        foreach (var name in names)
        {
            _names.Add(name);
        }
    }

    /// <summary>An Identity node whose output is a name reserved with <see cref="Reserve"/>: the graph's output keeps its documented name.</summary>
    public string Output(string reserved, string input)
    {
        var node = new NodeProto { OpType = OnnxOps.Identity, Name = reserved };
        node.Input.Add(input);
        node.Output.Add(reserved);
        Graph.Node.Add(node);
        _roles[reserved] = Int8Role.SharesScale;
        return reserved;
    }

    /// <summary>Adds a node with what int8 quantization does with it; returns the name of its (first) output.</summary>
    public string Node(string opType, Int8Role role, string name, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Claim(name) };
        node.Input.AddRange(inputs);
        node.Output.Add(node.Name);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        _roles[node.Name] = role;
        return node.Name;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static ValueInfoProto Value(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => d is string symbol
            ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
            : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>The name, or the name with the next free counter; counters continue per name, so claims stay linear.</summary>
    private string Claim(string name)
    {
        var unique = name;
        _next.TryGetValue(name, out var i);
        for (i = Math.Max(i, 2); !_names.Add(unique); i++)
        {
            unique = name + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _next[name] = i;
        return unique;
    }
}
