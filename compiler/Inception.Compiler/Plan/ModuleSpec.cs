using System.Collections.Generic;
using System.Globalization;
using Inception.Compiler.Collections;
using Inception.Compiler.IR;
using Inception.Compiler.Plan.Modules;

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

/// <summary>A module argument's value: a width, a size, a number or a flag. Each target spells it through <see cref="IPlanValueVisitor{T}"/>, so a new kind does not compile until every target has its rule.</summary>
public abstract record PlanValue
{
    public static PlanValue Of(ChannelExpression width) => new ChannelsValue(width);

    public static PlanValue Of(Pair pair) => new PairValue(pair);

    public static PlanValue Of(double value) => new DoubleValue(value);

    public static PlanValue Of(bool value) => new BoolValue(value);

    public abstract T Accept<T>(IPlanValueVisitor<T> visitor);
}

/// <summary>One method per kind of <see cref="PlanValue"/>: how a target writes or reads each.</summary>
public interface IPlanValueVisitor<T>
{
    T VisitChannels(ChannelExpression channels);

    T VisitPair(Pair pair);

    T VisitDouble(double value);

    T VisitBool(bool value);
}

public sealed record ChannelsValue(ChannelExpression Channels) : PlanValue
{
    public override T Accept<T>(IPlanValueVisitor<T> visitor) => visitor.VisitChannels(Channels);
}

public sealed record PairValue(Pair Pair) : PlanValue
{
    public override T Accept<T>(IPlanValueVisitor<T> visitor) => visitor.VisitPair(Pair);
}

public sealed record DoubleValue(double Value) : PlanValue
{
    public string Text => Value.ToString("R", CultureInfo.InvariantCulture);

    public override T Accept<T>(IPlanValueVisitor<T> visitor) => visitor.VisitDouble(Value);
}

public sealed record BoolValue(bool Value) : PlanValue
{
    public override T Accept<T>(IPlanValueVisitor<T> visitor) => visitor.VisitBool(Value);
}

/// <summary>
/// A value in one instance, as the run-time builder and the ONNX exporter take it: a width evaluated to a
/// <c>long</c>, a size as <c>(long, long)</c>, a number as a <c>double</c>, a flag as a <c>bool</c>.
/// </summary>
public sealed class InstanceValue(IReadOnlyDictionary<string, long> environment) : IPlanValueVisitor<object>
{
    public object VisitChannels(ChannelExpression channels) =>
        channels.Evaluate(environment, out var error) ?? throw new System.InvalidOperationException(error);

    public object VisitPair(Pair pair) => ((long)pair.Height, (long)pair.Width);

    public object VisitDouble(double value) => value;

    public object VisitBool(bool value) => value;
}
