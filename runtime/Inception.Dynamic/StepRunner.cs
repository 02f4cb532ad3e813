using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Plan;
using static TorchSharp.torch;

namespace Inception.Dynamic;

/// <summary>Executes a planned forward against the child modules of the module that owns it.</summary>
internal static class StepRunner
{
    public static Tensor Run(IReadOnlyList<PlanStep> steps, Tensor input, Func<string, nn.Module<Tensor, Tensor>> child, Action<AuxStep, Tensor>? auxiliary)
    {
        var x = input;
        foreach (var step in steps)
        {
            switch (step)
            {
                case CallStep call:
                    x = call.FlattenInput && x.dim() > 2 ? x.flatten(1) : x;
                    foreach (var module in call.Modules)
                    {
                        x = child(module).call(x);
                    }

                    if (call.ReluAfter)
                    {
                        x = x.relu();
                    }

                    break;
                case ConcatStep concat:
                    var source = x;
                    x = cat(concat.Branches.Select(b => Run(b.Steps, source, child, auxiliary)).ToArray(), 1);
                    break;
                case ResidualStep residual:
                    {
                        // The order of the generated code and of timm: body * scale + shortcut, then the ReLU.
                        var shortcut = Run(residual.Shortcut, x, child, auxiliary);
                        var body = Run(residual.Body, x, child, auxiliary);
                        x = residual.Scale == 1 ? body + shortcut : (body * residual.Scale) + shortcut;
                        if (residual.Relu)
                        {
                            x = x.relu();
                        }

                        break;
                    }

                case AuxStep aux:
                    auxiliary?.Invoke(aux, x);
                    break;
                default:
                    throw new NotSupportedException($"no run-time rule for {step.GetType().Name}");
            }
        }

        return x;
    }
}
