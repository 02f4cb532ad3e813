using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.IR;

namespace Inception.Compiler.Plan;

public sealed partial record ClassPlan
{
    /// <summary>
    /// The values of this class's parameters in one instance: the instance's arguments, evaluated where the
    /// caller's parameters have <paramref name="caller"/>'s values (inChannels first, then the widths, then
    /// the class count if the class takes it, else the caller's).
    /// </summary>
    public Dictionary<string, long> Environment(ClassModule instance, IReadOnlyDictionary<string, long> caller)
    {
        var values = instance.Arguments.Select(a => a.Evaluate(caller, out var error) ?? throw new InvalidOperationException(error)).ToList();
        var environment = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [ChannelExpression.InChannels] = values[0],
            [ChannelExpression.Classes] = TakesClasses ? values[values.Count - 1] : caller[ChannelExpression.Classes],
        };
        for (var i = 0; i < Parameters.Count; i++)
        {
            environment[Parameters[i]] = values[i + 1];
        }

        return environment;
    }
}
