using System.Globalization;
using Inception.Compiler.IR;
using Inception.Compiler.Plan.Modules;
using Inception.Compiler.Text;

namespace Inception.Compiler.Plan;

/// <summary>Where a library module comes from: torch (<c>nn.Conv2d(...)</c> in TorchSharp and PyTorch) or Inception.Runtime (a class of ours, which the emitted PyTorch defines).</summary>
public enum ModuleLibrary
{
    Torch,
    Runtime,
}

/// <summary>How one child module is constructed.</summary>
public abstract record ModuleSpec;

/// <summary>
/// A module of <see cref="ModuleCatalog"/> with the arguments its lowering writes (in that order; the others
/// take the catalogue's defaults). Each target spells it by the catalogue entry's rule.
/// </summary>
public sealed record LibraryModule(ModuleDefinition Definition, EquatableArray<PlanArgument> Arguments) : ModuleSpec
{
    /// <summary>The argument's value: as written, else its default (or the value of the argument it defaults to).</summary>
    public PlanValue Value(ModuleArgument parameter)
    {
        foreach (var argument in Arguments)
        {
            if (ReferenceEquals(argument.Parameter, parameter))
            {
                return argument.Value;
            }
        }

        return parameter.Default
            ?? (parameter.DefaultFrom is { } other ? Value(other) : throw new System.InvalidOperationException($"{Definition.Name} needs its '{parameter.Name}'"));
    }
}

/// <summary>An instance of a planned class; the first argument is the input channels, then the block's parameters, then the class count if the class takes it.</summary>
public sealed record ClassModule(string ClassKey, EquatableArray<ChannelExpression> Arguments) : ModuleSpec;

/// <summary>torch's Sequential: items named by position unless a name is given.</summary>
public sealed record SequentialModule(EquatableArray<SequentialItem> Items) : ModuleSpec;

public sealed record SequentialItem(string? Name, ModuleSpec Module);

/// <summary>One constructor argument: written by position or by name as the catalogue says.</summary>
public sealed record PlanArgument(ModuleArgument Parameter, PlanValue Value);

public abstract record PlanValue
{
    public static PlanValue Of(ChannelExpression width) => new ChannelsValue(width);

    public static PlanValue Of(Pair pair) => new PairValue(pair);

    public static PlanValue Of(double value) => new DoubleValue(value);

    public static PlanValue Of(bool value) => new BoolValue(value);
}

public sealed record ChannelsValue(ChannelExpression Channels) : PlanValue;

public sealed record PairValue(Pair Pair) : PlanValue;

public sealed record DoubleValue(double Value) : PlanValue
{
    public string Text => Value.ToString("R", CultureInfo.InvariantCulture);
}

public sealed record BoolValue(bool Value) : PlanValue;
