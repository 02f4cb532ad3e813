using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Plan;
using static TorchSharp.torch;

namespace Inception.Dynamic;

/// <summary>Executes a planned forward against the child modules of the module that owns it: the shared walk with tensors as values.</summary>
internal sealed class StepRunner : ForwardWalker<Tensor>
{
    private readonly Func<string, nn.Module<Tensor, Tensor>> _child;
    private readonly Action<AuxStep, Tensor>? _auxiliary;

    private StepRunner(Func<string, nn.Module<Tensor, Tensor>> child, Action<AuxStep, Tensor>? auxiliary)
    {
        _child = child;
        _auxiliary = auxiliary;
    }

    public static Tensor Run(IReadOnlyList<PlanStep> steps, Tensor input, Func<string, nn.Module<Tensor, Tensor>> child, Action<AuxStep, Tensor>? auxiliary) =>
        new StepRunner(child, auxiliary).Walk(steps, input);

    protected override Tensor Call(CallStep step, Tensor input)
    {
        var x = step.FlattenInput && input.dim() > 2 ? input.flatten(1) : input;
        foreach (var module in step.Modules)
        {
            x = _child(module).call(x);
        }

        return step.ReluAfter ? x.relu() : x;
    }

    protected override Tensor Concat(ConcatStep step, Tensor input, IReadOnlyList<Tensor> branches) => cat(branches.ToArray(), 1);

    protected override Tensor Residual(ResidualStep step, Tensor body, Tensor shortcut)
    {
        var sum = step.Scale == 1 ? body + shortcut : (body * step.Scale) + shortcut;
        return step.Relu ? sum.relu() : sum;
    }

    protected override void Aux(AuxStep step, Tensor input) => _auxiliary?.Invoke(step, input);
}
