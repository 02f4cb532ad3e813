using System;
using System.Collections.Generic;
using Inception.Compiler.Collections;
using Inception.Compiler.IR;
using Inception.Compiler.Plan;
using Inception.Compiler.Plan.Modules;
using static Inception.Compiler.Plan.Modules.ModuleCatalog;

namespace Inception.Compiler.Ops;

/// <summary>What a lowering sees: the layer's name, its input width in the class's terms, and whether the input is flat.</summary>
internal sealed class LoweringContext
{
    private readonly Func<long?> _inputSpatialSize;

    public LoweringContext(string name, ChannelExpression inChannels, bool inputFlat, Func<long?> inputSpatialSize)
    {
        Name = name;
        InChannels = inChannels;
        InputFlat = inputFlat;
        _inputSpatialSize = inputSpatialSize;
    }

    public string Name { get; }

    public ChannelExpression InChannels { get; }

    public bool InputFlat { get; }

    /// <summary>
    /// Height x width of the input, the same in every instance of the class (1 for a flat input); null, with a
    /// diagnostic, when instances differ, since one constructor cannot fix two sizes.
    /// </summary>
    public long? InputSpatialSize() => InputFlat ? 1 : _inputSpatialSize();
}

/// <summary>
/// A layer as modules and one forward call: <c>x = relu?(modules...(flatten?(x)))</c>. The first module takes the
/// layer's name; a companion module takes the name plus its suffix (a linear layer's <c>fc_bn</c>).
/// </summary>
internal sealed record LayerLowering(EquatableArray<LoweredModule> Modules, ChannelExpression Output, bool FlattenInput = false, bool ReluAfter = false)
{
    public static LayerLowering Single(ModuleSpec module, ChannelExpression output) => new(new[] { new LoweredModule(string.Empty, module) }.ToEquatableArray(), output);

    /// <summary>Whether the layer is exactly one module call, so it can sit in a torch Sequential.</summary>
    public bool IsPlainModule => Modules.Count == 1 && !FlattenInput && !ReluAfter;
}

internal sealed record LoweredModule(string Suffix, ModuleSpec Module);

/// <summary>Shorthands for the arguments lowerings write.</summary>
internal static class LoweringArguments
{
    public static PlanArgument Arg(ModuleArgument parameter, ChannelExpression width) => new(parameter, PlanValue.Of(width));

    public static PlanArgument Arg(ModuleArgument parameter, Pair pair) => new(parameter, PlanValue.Of(pair));

    public static PlanArgument Arg(ModuleArgument parameter, double value) => new(parameter, PlanValue.Of(value));

    public static PlanArgument Arg(ModuleArgument parameter, bool value) => new(parameter, PlanValue.Of(value));

    /// <summary>Adds the argument unless it is the parameter's default, so the generated call says only what differs.</summary>
    public static void AddUnlessDefault(this List<PlanArgument> arguments, PlanArgument argument)
    {
        if (argument.Value != argument.Parameter.Default)
        {
            arguments.Add(argument);
        }
    }

    /// <summary>A convolution's arguments: in, out, kernel, then stride and padding where they are not 1 and 0.</summary>
    public static List<PlanArgument> Convolution(ChannelExpression inChannels, ChannelExpression outChannels, Pair kernel, Pair stride, Pair padding)
    {
        var arguments = new List<PlanArgument> { Arg(Args.InChannels, inChannels), Arg(Args.OutChannels, outChannels), Arg(Args.KernelSize, kernel) };
        arguments.AddUnlessDefault(Arg(Args.Stride, stride));
        arguments.AddUnlessDefault(Arg(Args.Padding, padding));
        return arguments;
    }
}
