using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.IR;
using Inception.Runtime;
using static TorchSharp.torch;

namespace Inception.Dynamic;

/// <summary>
/// A network compiled from a .incept file at run time: the modules, names and weight initialisation the
/// generator would emit, so a file can be trained without a rebuild and its weights load either way.
/// </summary>
public sealed class DynamicNetwork : InceptionNetwork
{
    private readonly IReadOnlyList<Step> _steps;
    private readonly Dictionary<string, nn.Module<Tensor, Tensor>> _children = new();
    private readonly System.Func<string, nn.Module<Tensor, Tensor>> _child;
    private readonly System.Action<AuxStep, Tensor> _recordAuxiliary;

    internal DynamicNetwork(NetworkIr architecture, IReadOnlyList<Step> steps, IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Module)> children, IReadOnlyDictionary<string, double?> initialStd, bool auxLogits)
        : base(architecture.Name, auxLogits)
    {
        Architecture = architecture;
        _steps = steps;
        foreach (var (name, module) in children)
        {
            register_module(name, module);
            _children[name] = module;
        }

        // Made once here, not per forward.
        _child = n => _children[n];
        _recordAuxiliary = RecordAuxiliary;
        WeightInit.Apply(this, path => initialStd.TryGetValue(path, out var std) ? std : null);
    }

    /// <summary>The IR the modules were built from: shapes, parameter and MAC counts per layer.</summary>
    public NetworkIr Architecture { get; }

    protected override Tensor ForwardCore(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = StepRunner.Run(_steps, input, _child, _recordAuxiliary);
        return output.MoveToOuterDisposeScope();
    }

    private void RecordAuxiliary(AuxStep aux, Tensor x)
    {
        if (ComputesAuxiliaryOutputs)
        {
            RecordAuxiliaryOutput(aux.Module, aux.LossWeight, _children[aux.Module].call(x).MoveToOuterDisposeScope());
        }
    }

    /// <summary>The auxiliary heads' names and loss weights, as the .incept file declares them.</summary>
    public IReadOnlyList<(string Name, double LossWeight)> AuxiliaryHeads => Architecture.AuxHeads.Select(h => (h.Path, h.LossWeight)).ToList();
}
