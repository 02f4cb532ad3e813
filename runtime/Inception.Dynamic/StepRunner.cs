using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Inception.Dynamic;

/// <summary>Executes a list of steps against the child modules of the module that owns them.</summary>
internal static class StepRunner
{
    public static Tensor Run(IReadOnlyList<Step> steps, Tensor input, Func<string, nn.Module<Tensor, Tensor>> child, Action<AuxStep, Tensor>? auxiliary)
    {
        var x = input;
        foreach (var step in steps)
        {
            switch (step)
            {
                case CallStep call:
                    var operand = call.Flatten && x.dim() > 2 ? x.flatten(1) : x;
                    x = child(call.Module).call(operand);
                    if (call.ThenModule is not null)
                    {
                        x = child(call.ThenModule).call(x);
                    }

                    if (call.Relu)
                    {
                        x = x.relu();
                    }

                    break;
                case ConcatStep concat:
                    var source = x;
                    x = cat(concat.Branches.Select(b => Run(b, source, child, auxiliary)).ToArray(), 1);
                    break;
                case AuxStep aux:
                    auxiliary?.Invoke(aux, x);
                    break;
            }
        }

        return x;
    }
}
