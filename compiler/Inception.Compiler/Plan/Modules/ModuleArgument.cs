namespace Inception.Compiler.Plan.Modules;

/// <summary>What a module argument holds.</summary>
public enum ArgumentKind
{
    /// <summary>A channel or feature count, possibly in terms of the class's parameters.</summary>
    Channels,

    /// <summary>A height x width pair.</summary>
    Pair,

    Number,

    Flag,
}

/// <summary>
/// One constructor argument of a library module. <see cref="Name"/> is PyTorch's spelling, the one every target
/// but TorchSharp shares; <see cref="TorchSharpName"/> is where TorchSharp differs (Linear's <c>hasBias</c>).
/// </summary>
/// <param name="Positional">Written by position, before the named ones; an argument without a default is positional.</param>
/// <param name="Default">The value the module uses when the argument is left out; null for a required one.</param>
/// <param name="DefaultFrom">For a default that is another argument's value (a pool's stride is its kernel size).</param>
public sealed record ModuleArgument(string Name, ArgumentKind Kind, bool Positional, PlanValue? Default = null, ModuleArgument? DefaultFrom = null, string? TorchSharpName = null)
{
    public bool Required => Default is null && DefaultFrom is null;

    /// <summary>The argument's name in C# (TorchSharp's factories and Inception.Runtime's constructors).</summary>
    public string CSharpName => TorchSharpName ?? Name;
}
