using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Inception.Compiler.IR;
using Inception.Compiler.Plan;
using Inception.Runtime;
using static TorchSharp.torch;

namespace Inception.Dynamic;

/// <summary>
/// Makes the modules a plan describes. A library module is made by the same call the C# printer writes
/// (<c>nn.Conv2d(...)</c>, <c>new BasicConv2d(...)</c>), found by name and bound by argument position and name,
/// so a new op needs no case here; a planned class becomes a <see cref="DynamicModule"/>.
/// </summary>
internal sealed class ModuleFactory
{
    private readonly IReadOnlyDictionary<string, ClassPlan> _classes;

    public ModuleFactory(ModelPlan plan) => _classes = plan.Blocks.ToDictionary(c => c.Key, StringComparer.Ordinal);

    /// <summary>The children of a class, made with its parameters' values; optional ones (aux heads) only if asked.</summary>
    public List<(string Name, nn.Module<Tensor, Tensor> Module)> Children(ClassPlan plan, IReadOnlyDictionary<string, long> environment, bool optional) =>
        plan.Children
            .Where(c => optional || !c.Optional)
            .Select(c => (c.Name, Create(c.Name, c.Module, environment)))
            .ToList();

    private nn.Module<Tensor, Tensor> Create(string name, ModuleSpec spec, IReadOnlyDictionary<string, long> environment) => spec switch
    {
        LibraryModule library => Library(library, environment),
        ClassModule instance => Instance(name, instance, environment),
        SequentialModule sequential => nn.Sequential(sequential.Items
            .Select((item, index) => (item.Name ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture), Create(item.Name ?? string.Empty, item.Module, environment)))
            .ToArray()),
        _ => throw new NotSupportedException($"no run-time rule for {spec.GetType().Name}"),
    };

    private DynamicModule Instance(string name, ClassModule instance, IReadOnlyDictionary<string, long> environment)
    {
        var plan = _classes[instance.ClassKey];
        var inner = plan.Environment(instance, environment);
        return new DynamicModule(name.Length == 0 ? plan.Name : name, plan, Children(plan, inner, optional: false));
    }

    /// <summary>
    /// The catalogue entry's TorchSharp rule, the call the C# printer writes: a factory of <c>nn</c> or a
    /// constructor of Inception.Runtime, found by name and bound by the catalogue's C# argument names.
    /// </summary>
    private static nn.Module<Tensor, Tensor> Library(LibraryModule module, IReadOnlyDictionary<string, long> environment)
    {
        var definition = module.Definition;
        IEnumerable<MethodBase> candidates = definition.Library == ModuleLibrary.Torch
            ? typeof(nn).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == definition.Name)
            : typeof(BasicConv2d).Assembly.GetType(typeof(BasicConv2d).Namespace + "." + definition.Name)?.GetConstructors() ?? Enumerable.Empty<MethodBase>();
        foreach (var candidate in candidates.OrderBy(c => c.GetParameters().Length))
        {
            if (Bind(candidate.GetParameters(), module.Arguments, environment) is { } arguments)
            {
                var made = candidate is ConstructorInfo constructor ? constructor.Invoke(arguments) : candidate.Invoke(null, arguments);
                return (nn.Module<Tensor, Tensor>)made!;
            }
        }

        throw new NotSupportedException($"no {definition.TorchSharpFactory} takes ({string.Join(", ", module.Arguments.Select(a => a.Parameter.CSharpName))})");
    }

    /// <summary>The call's arguments for these parameters, or null when the plan's arguments do not fit them.</summary>
    private static object?[]? Bind(ParameterInfo[] parameters, IReadOnlyList<PlanArgument> arguments, IReadOnlyDictionary<string, long> environment)
    {
        var values = new object?[parameters.Length];
        var filled = new bool[parameters.Length];
        for (var i = 0; i < arguments.Count; i++)
        {
            var index = arguments[i].Parameter.Positional ? i : Array.FindIndex(parameters, p => p.Name == arguments[i].Parameter.CSharpName);
            if (index < 0 || index >= parameters.Length || filled[index] || !TryConvert(arguments[i].Value, parameters[index].ParameterType, environment, out values[index]))
            {
                return null;
            }

            filled[index] = true;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (!filled[i])
            {
                if (!parameters[i].IsOptional)
                {
                    return null;
                }

                values[i] = Type.Missing;
            }
        }

        return values;
    }

    private static bool TryConvert(PlanValue value, Type type, IReadOnlyDictionary<string, long> environment, out object? converted)
    {
        converted = value.Accept(new InstanceValue(environment));
        return converted.GetType() == (Nullable.GetUnderlyingType(type) ?? type);
    }
}
