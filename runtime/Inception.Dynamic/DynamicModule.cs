using System.Collections.Generic;
using Inception.Compiler.Plan;
using Inception.Runtime;
using static TorchSharp.torch;

namespace Inception.Dynamic;

/// <summary>An instance of a planned class (a block or an inline auxiliary head) built at run time: children registered under their .incept names.</summary>
internal sealed class DynamicModule : nn.Module<Tensor, Tensor>, IInitialStd
{
    private readonly IReadOnlyList<PlanStep> _steps;
    private readonly Dictionary<string, nn.Module<Tensor, Tensor>> _children = new();
    private readonly System.Func<string, nn.Module<Tensor, Tensor>> _child;
    private readonly Dictionary<string, double?> _initialStd = new();

    public DynamicModule(string name, ClassPlan plan, IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Module)> children)
        : base(name)
    {
        var steps = plan.Forward;
        foreach (var entry in plan.InitialStds)
        {
            _initialStd[entry.Path] = entry.Std;
        }

        _steps = steps;
        _child = n => _children[n];
        foreach (var (childName, module) in children)
        {
            register_module(childName, module);
            _children[childName] = module;
        }
    }

    public double? InitialStd(string path) => _initialStd.TryGetValue(path, out var std) ? std : null;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return StepRunner.Run(_steps, input, _child, auxiliary: null).MoveToOuterDisposeScope();
    }
}
