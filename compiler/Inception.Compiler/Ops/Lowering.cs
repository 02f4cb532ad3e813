using System;
using System.Collections.Generic;
using Inception.Compiler.IR;
using Inception.Compiler.Plan;
using Inception.Compiler.Text;

namespace Inception.Compiler.Ops;

/// <summary>What a lowering sees: the layer's name, its input width in the class's terms, and whether the input is flat.</summary>
internal sealed class LoweringContext
{
    private readonly Func<long?> _inputSpatialSize;

    public LoweringContext(string name, Width inChannels, bool inputFlat, Func<long?> inputSpatialSize)
    {
        Name = name;
        InChannels = inChannels;
        InputFlat = inputFlat;
        _inputSpatialSize = inputSpatialSize;
    }

    public string Name { get; }

    public Width InChannels { get; }

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
internal sealed record LayerLowering(EquatableArray<LoweredModule> Modules, Width Output, bool FlattenInput = false, bool ReluAfter = false)
{
    public static LayerLowering Single(ModuleSpec module, Width output) => new(new[] { new LoweredModule(string.Empty, module) }.ToEquatableArray(), output);

    /// <summary>Whether the layer is exactly one module call, so it can sit in a torch Sequential.</summary>
    public bool IsPlainModule => Modules.Count == 1 && !FlattenInput && !ReluAfter;
}

internal sealed record LoweredModule(string Suffix, ModuleSpec Module);

/// <summary>Shorthands for the module specs that lowerings build.</summary>
internal static class Modules
{
    public static LibraryModule Torch(string type, params PlanArgument[] arguments) => new(ModuleLibrary.Torch, type, arguments.ToEquatableArray());

    public static LibraryModule Runtime(string type, params PlanArgument[] arguments) => new(ModuleLibrary.Runtime, type, arguments.ToEquatableArray());

    public static PlanArgument Arg(Width width) => PlanArgument.Positional(PlanValue.Of(width));

    public static PlanArgument Arg(Pair pair) => PlanArgument.Positional(PlanValue.Of(pair));

    public static PlanArgument Arg(double value) => PlanArgument.Positional(PlanValue.Of(value));

    public static PlanArgument Arg(string name, Pair pair) => PlanArgument.Named(name, PlanValue.Of(pair));

    public static PlanArgument Arg(string name, double value) => PlanArgument.Named(name, PlanValue.Of(value));

    public static PlanArgument Arg(string name, bool value) => PlanArgument.Named(name, PlanValue.Of(value));

    public static PlanArgument Arg(string name, Width width) => PlanArgument.Named(name, PlanValue.Of(width));

    /// <summary>A convolution's arguments: in, out, kernel, then stride and padding where they are not 1 and 0.</summary>
    public static List<PlanArgument> Convolution(Width inChannels, Width outChannels, Pair kernel, Pair stride, Pair padding)
    {
        var arguments = new List<PlanArgument> { Arg(inChannels), Arg(outChannels), Arg(kernel) };
        if (stride != Pair.Square(1))
        {
            arguments.Add(Arg("stride", stride));
        }

        if (padding != Pair.Square(0))
        {
            arguments.Add(Arg("padding", padding));
        }

        return arguments;
    }
}
