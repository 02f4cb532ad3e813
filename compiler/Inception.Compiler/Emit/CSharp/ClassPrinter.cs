using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.Emit.Forward;
using Inception.Compiler.Emit.Naming;
using Inception.Compiler.IR;
using Inception.Compiler.Plan;

namespace Inception.Compiler.Emit.CSharp;

/// <summary>
/// Prints one planned class's fields, constructor body and forward as TorchSharp C#. Everything it prints is in
/// the plan; it decides only spelling: C# identifiers for parameters and locals, and the shape of the code.
/// </summary>
internal sealed class ClassPrinter
{
    private readonly ClassPlan _class;
    private readonly IReadOnlyDictionary<string, string> _classNames;
    private readonly SourceQuotes _quotes;
    private readonly Dictionary<string, string> _parameterNames = new(StringComparer.Ordinal);
    // The forward's locals never take a name its code calls through (torch.cat, nn): a local would hide it.
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal) { "x", "scope", "torch", "nn", "TorchSharp" };

    private readonly IReadOnlyDictionary<string, string> _lossWeights;

    public ClassPrinter(ClassPlan plan, IReadOnlyDictionary<string, string> classNames, SourceQuotes quotes, IReadOnlyDictionary<string, string> lossWeights)
    {
        _lossWeights = lossWeights;
        _class = plan;
        _classNames = classNames;
        _quotes = quotes;

        // Constructor parameters: inChannels, then the block's own (camelCased, made unique), then numClasses.
        var taken = new HashSet<string>(StringComparer.Ordinal) { "torch", "nn", "TorchSharp" };
        _parameterNames[ChannelExpression.InChannels] = UniqueNames.Claim("inChannels", taken);
        foreach (var parameter in plan.Parameters)
        {
            _parameterNames[parameter] = UniqueNames.Claim(CSharpNames.Camel(parameter), taken);
        }

        _parameterNames[ChannelExpression.Classes] = UniqueNames.Claim("numClasses", taken);
    }

    /// <summary>The constructor's parameter list after <c>inChannels</c> (block classes only).</summary>
    public IEnumerable<string> Signature()
    {
        yield return "long " + _parameterNames[ChannelExpression.InChannels];
        foreach (var parameter in _class.Parameters)
        {
            yield return "long " + _parameterNames[parameter];
        }

        if (_class.TakesClasses)
        {
            yield return "long " + _parameterNames[ChannelExpression.Classes];
        }
    }

    public void Fields(CodeWriter code)
    {
        foreach (var child in _class.Children)
        {
            code.Line($"private readonly {FieldType(child.Module)}{(child.Optional ? "?" : string.Empty)} {CSharpNames.Field(child.Name)};");
        }
    }

    public void ConstructorBody(CodeWriter code)
    {
        string? previous = null;
        foreach (var child in _class.Children)
        {
            var quote = _quotes.Quote(child.Location);
            if (quote != previous)
            {
                code.Comment(quote);
                previous = quote;
            }

            var initializer = Initializer(child.Module);
            var field = CSharpNames.Field(child.Name);

            // A layer named like a constructor parameter (numClasses, a block's own) is the field, not the parameter.
            var target = _parameterNames.ContainsValue(field) || field is "numClasses" or "auxLogits" ? "this." + field : field;
            code.Line($"{target} = {(child.Optional ? $"auxLogits ? {initializer} : null" : initializer)};");
        }
    }

    /// <summary>The forward's body after the dispose scope: the steps on <c>x</c>, the last one returned.</summary>
    public void Forward(CodeWriter code)
    {
        var lines = new List<string>();
        var flow = new VariableFlow(lines, (variable, expression, declared) => declared ? $"{variable} = {expression};" : $"var {variable} = {expression};", "x", "x", declared: true);
        if (!new CSharpForward(this).Print(_class.Forward, flow, returnsLast: true))
        {
            // The last step was an aux step, which has no value of its own.
            flow.Line($"return {flow.Current}.MoveToOuterDisposeScope();");
        }

        foreach (var line in lines)
        {
            code.Line(line);
        }
    }

    /// <summary>The shared walk with C# expressions as values.</summary>
    private sealed class CSharpForward : ForwardPrinter
    {
        private readonly ClassPrinter _printer;

        public CSharpForward(ClassPrinter printer)
            : base("//") => _printer = printer;

        protected override VariableFlow Call(CallStep step, VariableFlow input) => Assign(step, input, ClassPrinter.Call(step, input.Current), oneTerm: true);

        protected override VariableFlow Concat(ConcatStep step, VariableFlow input, IReadOnlyList<VariableFlow> branches) =>
            Join(step, input, $"torch.cat(new[] {{ {string.Join(", ", branches.Select(b => b.Current))} }}, 1)");

        protected override VariableFlow Residual(ResidualStep step, VariableFlow body, VariableFlow shortcut)
        {
            var scale = step.Scale == 1 ? string.Empty : " * " + step.Scale.ToString("R", CultureInfo.InvariantCulture);
            var sum = $"{body.Current}{scale} + {shortcut.Current}";
            return step.Relu ? Assign(step, body, $"({sum}).relu()", oneTerm: true) : Assign(step, body, sum, oneTerm: false);
        }

        protected override void Aux(AuxStep step, VariableFlow input)
        {
            input.Line("if (ComputesAuxiliaryOutputs)");
            input.Line("{");
            input.Line($"    RecordAuxiliaryOutput({CSharpNames.Literal(step.Child)}, {_printer._lossWeights[step.Child]}, this.{CSharpNames.Field(step.Child)}!.call({input.Current}).MoveToOuterDisposeScope());");
            input.Line("}");
        }

        protected override string Local(string label) => _printer.Local(label);

        protected override string Return(string expression, bool oneTerm) => "return " + (oneTerm ? expression : "(" + expression + ")") + ".MoveToOuterDisposeScope();";
    }

    private static string Call(CallStep call, string input)
    {
        var expression = call.FlattenInput ? input + ".flatten(1)" : input;
        foreach (var module in call.Modules)
        {
            expression = $"this.{CSharpNames.Field(module)}.call({expression})";
        }

        return call.ReluAfter ? expression + ".relu()" : expression;
    }

    private string FieldType(ModuleSpec module) => module switch
    {
        LibraryModule library => library.Definition.Name,
        ClassModule instance => _classNames[instance.ClassKey],
        SequentialModule => "Sequential",
        _ => throw new InvalidOperationException($"unknown module spec {module.GetType().Name}"),
    };

    private string Initializer(ModuleSpec module) => module switch
    {
        LibraryModule library => $"{library.Definition.TorchSharpFactory}({Arguments(library.Arguments)})",
        ClassModule instance => $"new {_classNames[instance.ClassKey]}({string.Join(", ", instance.Arguments.Select(Spell))})",
        SequentialModule sequential => $"nn.Sequential({string.Join(", ", sequential.Items.Select(Item))})",
        _ => throw new InvalidOperationException($"unknown module spec {module.GetType().Name}"),
    };

    private string Item(SequentialItem item) =>
        item.Name is null ? Initializer(item.Module) : $"({CSharpNames.Literal(item.Name)}, {Initializer(item.Module)})";

    private string Arguments(IEnumerable<PlanArgument> arguments) =>
        string.Join(", ", arguments.Select(a => a.Parameter.Positional ? Value(a.Value) : $"{a.Parameter.CSharpName}: {Value(a.Value)}"));

    private string Value(PlanValue value) => value.Accept(new CSharpValues(Spell));

    private string Spell(ChannelExpression width) => width.Format(name => _parameterNames[name]);

    private string Local(string name)
    {
        // Locals keep the .incept spelling (branch3x3_2a), so the forward reads like torchvision's.
        return UniqueNames.Claim(CSharpNames.Escape(name), _locals);
    }
}
