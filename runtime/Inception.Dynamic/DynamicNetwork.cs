using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.IR;
using Inception.Compiler.Plan;
using Inception.Runtime;
using static TorchSharp.torch;

namespace Inception.Dynamic;

/// <summary>
/// A network compiled from a .incept file at run time: the module plan the generator prints, interpreted, so
/// a file can be trained without a rebuild and its weights load either way.
/// </summary>
public sealed class DynamicNetwork : InceptionNetwork, IInitialStd
{
    private readonly IReadOnlyList<PlanStep> _steps;
    private readonly Dictionary<string, nn.Module<Tensor, Tensor>> _children = new();
    private readonly System.Func<string, nn.Module<Tensor, Tensor>> _child;
    private readonly System.Action<AuxStep, Tensor> _recordAuxiliary;
    private readonly Dictionary<string, double?> _initialStd;

    internal DynamicNetwork(NetworkIr architecture, ModelPlan plan, bool auxLogits, int classes)
        : base(architecture.Name, auxLogits)
    {
        Architecture = architecture;
        // The plan with the class count the network was built with, so its readers (ONNX export) agree with the modules.
        Plan = plan.Classes == classes ? plan : plan with { Classes = classes };
        Classes = classes;
        _steps = plan.Network.Forward;
        var environment = new Dictionary<string, long> { [ChannelExpression.Classes] = classes };
        foreach (var (name, module) in new ModuleFactory(plan).Children(plan.Network, environment, optional: auxLogits))
        {
            register_module(name, module);
            _children[name] = module;
        }

        // Made once here, not per forward.
        _child = n => _children[n];
        _recordAuxiliary = RecordAuxiliary;
        _initialStd = plan.Network.InitialStds.ToDictionary(e => e.Path, e => e.Std);
        WeightInit.Apply(this);
    }

    /// <summary>The IR the modules were built from: shapes, parameter and MAC counts per layer.</summary>
    public NetworkIr Architecture { get; }

    /// <summary>
    /// The number of classes the network was built with: the file's <c>classes</c>, or the count the caller
    /// asked for instead (then <see cref="Architecture"/> and <see cref="Plan"/> are built for that count).
    /// </summary>
    public int Classes { get; }

    /// <summary>The module plan the network interprets; the generated class prints the same plan.</summary>
    public ModelPlan Plan { get; }

    /// <summary>The auxiliary heads' names and loss weights, as the .incept file declares them.</summary>
    public IReadOnlyList<(string Name, double LossWeight)> AuxiliaryHeads => Plan.AuxHeads.Select(h => (h.Name, h.LossWeight)).ToList();

    /// <inheritdoc />
    public double? InitialStd(string path) => _initialStd.TryGetValue(path, out var std) ? std : null;

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
            RecordAuxiliaryOutput(aux.Child, aux.LossWeight, _children[aux.Child].call(x).MoveToOuterDisposeScope());
        }
    }
}
