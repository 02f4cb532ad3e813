using System.Globalization;
using Inception.Compiler.IR;
using Inception.Compiler.Text;

namespace Inception.Compiler.Plan;

/// <summary>Where a library module comes from: a TorchSharp factory (<c>nn.Conv2d(...)</c>) or a class of Inception.Runtime.</summary>
public enum ModuleLibrary
{
    Torch,
    Runtime,
}

/// <summary>How one child module is constructed.</summary>
public abstract record ModuleSpec;

/// <summary>
/// A module of a library, made by name with arguments (the constructor parameter names are TorchSharp's), so
/// a printer writes the call and the run-time interpreter makes the same call, with no case per module type.
/// </summary>
public sealed record LibraryModule(ModuleLibrary Library, string Type, EquatableArray<PlanArgument> Arguments) : ModuleSpec;

/// <summary>An instance of a planned class; the first argument is the input channels, then the block's parameters, then the class count if the class takes it.</summary>
public sealed record ClassModule(string ClassKey, EquatableArray<Width> Arguments) : ModuleSpec;

/// <summary>torch's Sequential: items named by position unless a name is given.</summary>
public sealed record SequentialModule(EquatableArray<SequentialItem> Items) : ModuleSpec;

public sealed record SequentialItem(string? Name, ModuleSpec Module);

/// <summary>One constructor argument; positional when <paramref name="Name"/> is null.</summary>
public sealed record PlanArgument(string? Name, PlanValue Value)
{
    public static PlanArgument Positional(PlanValue value) => new(null, value);

    public static PlanArgument Named(string name, PlanValue value) => new(name, value);
}

public abstract record PlanValue
{
    public static PlanValue Of(Width width) => new WidthValue(width);

    public static PlanValue Of(Pair pair) => new PairValue(pair);

    public static PlanValue Of(double value) => new DoubleValue(value);

    public static PlanValue Of(bool value) => new BoolValue(value);
}

public sealed record WidthValue(Width Width) : PlanValue;

public sealed record PairValue(Pair Pair) : PlanValue;

public sealed record DoubleValue(double Value) : PlanValue
{
    public string Text => Value.ToString("R", CultureInfo.InvariantCulture);
}

public sealed record BoolValue(bool Value) : PlanValue;
