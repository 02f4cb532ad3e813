using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Collections;

namespace Inception.Compiler.Plan.Modules;

/// <summary>
/// One library module that op definitions lower to, defined once: its arguments with their defaults, and per
/// target its rule: the TorchSharp spelling (a factory of <c>nn</c>, or a class of Inception.Runtime, which the
/// run-time builder calls by the same name), the PyTorch spelling (and source where the module is ours), and
/// the ONNX lowering. Compared by reference: there is one instance per module, in <see cref="ModuleCatalog"/>.
/// </summary>
public sealed class ModuleDefinition
{
    internal ModuleDefinition(string name, ModuleLibrary library, IReadOnlyList<ModuleArgument> arguments, IReadOnlyList<OnnxRule> onnx, string? pyTorchClass = null, string? pyTorchFunction = null)
    {
        PyTorchFunction = pyTorchFunction;
        Name = name;
        Library = library;
        Arguments = arguments;
        Onnx = onnx;
        PyTorchClass = pyTorchClass;
    }

    /// <summary>The module's type name, the same in TorchSharp, PyTorch and Inception.Runtime.</summary>
    public string Name { get; }

    public ModuleLibrary Library { get; }

    /// <summary>Constructor arguments in the order the constructors take them.</summary>
    public IReadOnlyList<ModuleArgument> Arguments { get; }

    /// <summary>The ONNX operators the module becomes at inference.</summary>
    public IReadOnlyList<OnnxRule> Onnx { get; }

    /// <summary>
    /// For a module of Inception.Runtime: the body of its PyTorch class, which the emitted file defines;
    /// <c>{SIGNATURE}</c> stands for the constructor's arguments, written from <see cref="Arguments"/>.
    /// </summary>
    public string? PyTorchClass { get; }

    /// <summary>
    /// For a module without state: the function PyTorch code calls instead (<c>F.avg_pool2d</c>, with the same
    /// arguments after the input), which the emitted PyTorch uses for a layer the file does not name, as
    /// torchvision writes <c>F.avg_pool2d(x, ...)</c> in its blocks' forwards.
    /// </summary>
    public string? PyTorchFunction { get; }

    /// <summary>How C# makes one: <c>nn.Conv2d</c> (a TorchSharp factory) or <c>new BasicConv2d</c>.</summary>
    public string TorchSharpFactory => Library == ModuleLibrary.Torch ? "nn." + Name : "new " + Name;

    /// <summary>How PyTorch makes one: <c>nn.Conv2d</c>, or the class the emitted file defines.</summary>
    public string PyTorchFactory => Library == ModuleLibrary.Torch ? "nn." + Name : Name;

    public ModuleArgument Argument(string name) =>
        Arguments.FirstOrDefault(a => a.Name == name) ?? throw new ArgumentException($"{Name} has no argument '{name}'", nameof(name));

    /// <summary>A module of this type with these arguments, written in the order given; an argument of another module is a bug.</summary>
    public LibraryModule Make(params PlanArgument[] arguments)
    {
        foreach (var argument in arguments)
        {
            if (!Arguments.Any(a => ReferenceEquals(a, argument.Parameter)))
            {
                throw new InvalidOperationException($"{Name} takes no argument '{argument.Parameter.Name}'");
            }
        }

        return new LibraryModule(this, arguments.ToEquatableArray());
    }

    public override string ToString() => Name;
}
