using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Semantics;
using Inception.Runtime;
using static TorchSharp.torch;

namespace Inception.Dynamic;

/// <summary>
/// Builds a <see cref="DynamicNetwork"/> from a compiled .incept file, mirroring the C# emitter: a module per
/// block instance, named sequence and auxiliary head; BasicConv2d for convs with batch norm; a
/// <c>NAME_bn</c> BatchNorm1d beside a linear layer with batch norm. Widths come from the IR, the layer
/// settings from the bound tree.
/// </summary>
public sealed class NetworkBuilder
{
    private readonly IReadOnlyDictionary<(SourceLocation Location, string Name), BoundNode> _bound;
    private readonly Dictionary<string, double?> _initialStd = new(StringComparer.Ordinal);
    private readonly NetworkIr _network;
    private readonly bool _auxLogits;

    private NetworkBuilder(BoundProgram program, NetworkIr network, bool auxLogits)
    {
        _network = network;
        _auxLogits = auxLogits;
        _bound = BoundTree.ByLocationAndName(program);
    }

    /// <summary>Compiles <paramref name="path"/> and builds its network (the one named, or the file's only one).</summary>
    /// <exception cref="InceptCompilationException">The file has errors; the message lists the located diagnostics.</exception>
    public static DynamicNetwork Compile(string path, string? network = null, bool auxLogits = true) =>
        Build(Compilation.CompileFile(path), network, auxLogits);

    public static DynamicNetwork Build(CompilationResult compilation, string? network = null, bool auxLogits = true)
    {
        if (compilation.HasErrors)
        {
            throw new InceptCompilationException(compilation.Diagnostics);
        }

        var ir = network is null
            ? compilation.Networks.Count == 1 ? compilation.Networks[0] : throw new ArgumentException($"{compilation.Path} holds {compilation.Networks.Count} networks; name one")
            : compilation.Networks.FirstOrDefault(n => n.Name == network) ?? throw new ArgumentException($"{compilation.Path} has no network '{network}'");
        var builder = new NetworkBuilder(compilation.Program, ir, auxLogits);
        var children = new List<(string, nn.Module<Tensor, Tensor>)>();
        var flat = false;
        var steps = builder.Steps(ir.Root.Children, children, ref flat, inNetwork: true);
        return new DynamicNetwork(ir, steps, children, builder._initialStd, auxLogits);
    }

    private List<Step> Steps(IEnumerable<IrNode> nodes, List<(string, nn.Module<Tensor, Tensor>)> children, ref bool flat, bool inNetwork)
    {
        var steps = new List<Step>();
        foreach (var node in nodes)
        {
            switch (node.Kind)
            {
                case IrKind.Layer:
                    steps.Add(Layer(node, children, ref flat));
                    break;
                case IrKind.Sequence:
                    steps.AddRange(Steps(node.Children, children, ref flat, inNetwork));
                    break;
                case IrKind.Concat:
                    {
                        var branches = new List<IReadOnlyList<Step>>();
                        var branchFlat = flat;
                        foreach (var branch in node.Children)
                        {
                            branchFlat = flat;
                            branches.Add(Steps(new[] { branch }, children, ref branchFlat, inNetwork));
                        }

                        flat = branchFlat;
                        steps.Add(new ConcatStep(branches));
                        break;
                    }

                case IrKind.Module when node.Op == "aux_head":
                    if (!inNetwork)
                    {
                        throw new NotSupportedException($"{node.Path}: an aux_head must sit in a network, not inside a block");
                    }

                    if (_auxLogits)
                    {
                        var headFlat = flat;
                        children.Add((node.Name, Module(node, ref headFlat)));
                        steps.Add(new AuxStep(node.Name, _network.AuxHeads.First(h => h.Path == node.Path).LossWeight));
                    }

                    break;
                case IrKind.Module:
                    children.Add((node.Name, Module(node, ref flat)));
                    steps.Add(new CallStep(node.Name));
                    break;
            }
        }

        return steps;
    }

    private DynamicModule Module(IrNode node, ref bool flat)
    {
        var children = new List<(string, nn.Module<Tensor, Tensor>)>();
        var steps = Steps(node.Children, children, ref flat, inNetwork: false);
        return new DynamicModule(node.Name, steps, children);
    }

    private Step Layer(IrNode node, List<(string, nn.Module<Tensor, Tensor>)> children, ref bool flat)
    {
        var bound = _bound[(node.Location, node.Name)];
        var input = node.Input;
        var output = node.Output;
        switch (bound)
        {
            case BoundConv conv when conv.BatchNormEps is { } eps:
                _initialStd[node.Path + ".conv"] = conv.InitStd;
                children.Add((node.Name, new BasicConv2d(input.Channels, output.Channels, Tuple(conv.Kernel), Tuple(conv.Stride), Tuple(conv.Padding), conv.Bias, eps, conv.Relu)));
                return new CallStep(node.Name);
            case BoundConv conv:
                _initialStd[node.Path] = conv.InitStd;
                children.Add((node.Name, nn.Conv2d(input.Channels, output.Channels, Tuple(conv.Kernel), stride: Tuple(conv.Stride), padding: Tuple(conv.Padding), bias: conv.Bias)));
                return new CallStep(node.Name, Relu: conv.Relu);
            case BoundPool pool when pool.Kind == PoolKind.Max:
                children.Add((node.Name, nn.MaxPool2d(Tuple(pool.Kernel), stride: Tuple(pool.Stride), padding: Tuple(pool.Padding), ceil_mode: pool.CeilMode)));
                return new CallStep(node.Name);
            case BoundPool pool:
                children.Add((node.Name, nn.AvgPool2d(Tuple(pool.Kernel), stride: Tuple(pool.Stride), padding: Tuple(pool.Padding), ceil_mode: pool.CeilMode, count_include_pad: pool.CountIncludePad)));
                return new CallStep(node.Name);
            case BoundAdaptiveAvgPool adaptive:
                children.Add((node.Name, nn.AdaptiveAvgPool2d(Tuple(adaptive.OutputSize))));
                return new CallStep(node.Name);
            case BoundFlatten:
                flat = true;
                children.Add((node.Name, nn.Flatten()));
                return new CallStep(node.Name);
            case BoundDropout dropout:
                children.Add((node.Name, nn.Dropout(dropout.Probability)));
                return new CallStep(node.Name);
            case BoundRelu:
                children.Add((node.Name, nn.ReLU()));
                return new CallStep(node.Name);
            case BoundBatchNorm norm:
                children.Add((node.Name, flat ? nn.BatchNorm1d(input.Channels, eps: norm.Eps) : nn.BatchNorm2d(input.Channels, eps: norm.Eps)));
                return new CallStep(node.Name);
            case BoundLinear linear:
                flat = true;
                _initialStd[node.Path] = linear.InitStd;
                children.Add((node.Name, nn.Linear(input.Elements, output.Channels, hasBias: linear.Bias)));
                if (linear.BatchNormEps is { } linearEps)
                {
                    children.Add((node.Name + "_bn", nn.BatchNorm1d(output.Channels, eps: linearEps)));
                    return new CallStep(node.Name, Flatten: true, Relu: linear.Relu, ThenModule: node.Name + "_bn");
                }

                return new CallStep(node.Name, Flatten: true, Relu: linear.Relu);
            default:
                throw new NotSupportedException($"{node.Path}: no run-time module for {bound.GetType().Name}");
        }
    }

    private static (long, long) Tuple(Pair pair) => (pair.Height, pair.Width);
}
