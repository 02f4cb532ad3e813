using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal) { "x", "scope" };
    private readonly List<string> _forward = new();
    private int _concatDepth;

    private readonly IReadOnlyDictionary<string, string> _lossWeights;

    public ClassPrinter(ClassPlan plan, IReadOnlyDictionary<string, string> classNames, SourceQuotes quotes, IReadOnlyDictionary<string, string> lossWeights)
    {
        _lossWeights = lossWeights;
        _class = plan;
        _classNames = classNames;
        _quotes = quotes;

        // Constructor parameters: inChannels, then the block's own (camelCased, made unique), then numClasses.
        var taken = new HashSet<string>(StringComparer.Ordinal);
        _parameterNames[Width.InChannels] = UniqueNames.Claim("inChannels", taken);
        foreach (var parameter in plan.Parameters)
        {
            _parameterNames[parameter] = UniqueNames.Claim(CSharpNames.Camel(parameter), taken);
        }

        _parameterNames[Width.Classes] = UniqueNames.Claim("numClasses", taken);
    }

    /// <summary>The constructor's parameter list after <c>inChannels</c> (block classes only).</summary>
    public IEnumerable<string> Signature()
    {
        yield return "long " + _parameterNames[Width.InChannels];
        foreach (var parameter in _class.Parameters)
        {
            yield return "long " + _parameterNames[parameter];
        }

        if (_class.TakesClasses)
        {
            yield return "long " + _parameterNames[Width.Classes];
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
            var comment = _quotes.Comment(child.Location, code.Room);
            if (comment != previous)
            {
                code.Line(comment);
                previous = comment;
            }

            var initializer = Initializer(child.Module);
            var line = $"{CSharpNames.Field(child.Name)} = {(child.Optional ? $"auxLogits ? {initializer} : null" : initializer)};";
            if (line.Length > code.Room && child.Module is SequentialModule sequential)
            {
                // One item per line, as a long Sequential reads in hand-written code.
                code.Line($"{CSharpNames.Field(child.Name)} = nn.Sequential(");
                for (var i = 0; i < sequential.Items.Count; i++)
                {
                    code.Line("    " + Item(sequential.Items[i]) + (i < sequential.Items.Count - 1 ? "," : ");"));
                }
            }
            else
            {
                code.Line(line);
            }
        }
    }

    /// <summary>The forward's body after the dispose scope: the steps on <c>x</c>, then the return.</summary>
    public void Forward(CodeWriter code)
    {
        var flow = new VariableFlow(_forward, (variable, expression, declared) => declared ? $"{variable} = {expression};" : $"var {variable} = {expression};", "x", "x", declared: true);
        Steps(_class.Forward, flow);
        var last = _forward.FindLastIndex(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal));
        const string assignment = "x = ";
        if (last >= 0 && _forward[last].StartsWith(assignment, StringComparison.Ordinal))
        {
            // The shape comment of the last step would follow the return; the network's output shape is known anyway.
            _forward.RemoveRange(last + 1, _forward.Count - last - 1);
            // Return the last result directly instead of through one more assignment.
            var result = _forward[last].Substring(assignment.Length).TrimEnd(';');
            _forward[last] = "return " + (IsOneTerm(result) ? result : "(" + result + ")") + ".MoveToOuterDisposeScope();";
        }
        else
        {
            _forward.Add("return x.MoveToOuterDisposeScope();");
        }

        foreach (var line in _forward)
        {
            code.Line(line);
        }
    }

    /// <summary>Whether a member access appended to the expression applies to all of it (no operator outside parentheses).</summary>
    private static bool IsOneTerm(string expression)
    {
        var depth = 0;
        foreach (var c in expression)
        {
            depth += c is '(' or '{' or '[' ? 1 : c is ')' or '}' or ']' ? -1 : 0;
            if (depth == 0 && c == ' ')
            {
                return false;
            }
        }

        return true;
    }

    private void Steps(IEnumerable<PlanStep> steps, VariableFlow flow)
    {
        foreach (var step in steps)
        {
            switch (step)
            {
                case CallStep call:
                    flow.Apply(v => Call(call, v));
                    Shape(call.Output);
                    break;
                case ConcatStep concat:
                    Concat(concat, flow);
                    Shape(concat.Output);
                    break;
                case ResidualStep residual:
                    Residual(residual, flow);
                    Shape(residual.Output);
                    break;
                case AuxStep aux:
                    var field = CSharpNames.Field(aux.Child);
                    flow.Line("if (ComputesAuxiliaryOutputs)");
                    flow.Line("{");
                    flow.Line($"    RecordAuxiliaryOutput({CSharpNames.Literal(aux.Child)}, {_lossWeights[aux.Child]}, this.{field}!.call({flow.Current}).MoveToOuterDisposeScope());");
                    flow.Line("}");
                    break;
                default:
                    throw new InvalidOperationException($"the C# printer has no rule for {step.GetType().Name}");
            }
        }
    }

    private void Concat(ConcatStep concat, VariableFlow flow)
    {
        // Blank lines set the outermost branches apart, as torchvision writes them; nested ones stay together.
        var outermost = _concatDepth++ == 0;
        var variables = new List<string>();
        foreach (var branch in concat.Branches)
        {
            if (variables.Count > 0 && outermost)
            {
                flow.Blank();
            }

            var variable = Local(branch.Label);
            var branchFlow = flow.Fork(variable);
            Steps(branch.Steps, branchFlow);
            if (!branchFlow.Declared)
            {
                // An empty branch passes its input through, as an empty torch Sequential does.
                branchFlow.Line($"var {variable} = {flow.Current};");
            }

            variables.Add(variable);
        }

        _concatDepth--;
        if (outermost)
        {
            flow.Blank();
        }

        flow.Apply(_ => $"torch.cat(new[] {{ {string.Join(", ", variables)} }}, 1)");
    }

    /// <summary>The shortcut first (it reads the input the body overwrites), then the body, then the sum.</summary>
    private void Residual(ResidualStep residual, VariableFlow flow)
    {
        var shortcut = Local("shortcut");
        var shortcutFlow = flow.Fork(shortcut);
        Steps(residual.Shortcut, shortcutFlow);
        if (!shortcutFlow.Declared)
        {
            shortcutFlow.Line($"var {shortcut} = {flow.Current};");
        }

        Steps(residual.Body, flow);
        var scale = residual.Scale == 1 ? string.Empty : " * " + residual.Scale.ToString("R", CultureInfo.InvariantCulture);
        flow.Apply(v => residual.Relu ? $"({v}{scale} + {shortcut}).relu()" : $"{v}{scale} + {shortcut}");
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

    private void Shape(StepShape? step)
    {
        if (step is { Shape: var shape })
        {
            var dims = step.Flat ? new[] { shape.Channels } : new[] { shape.Channels, shape.Height, shape.Width };
            _forward.Add("// N x " + string.Join(" x ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture))));
        }
    }

    private string FieldType(ModuleSpec module) => module switch
    {
        LibraryModule library => library.Type,
        ClassModule instance => _classNames[instance.ClassKey],
        SequentialModule => "Sequential",
        _ => throw new InvalidOperationException($"unknown module spec {module.GetType().Name}"),
    };

    private string Initializer(ModuleSpec module) => module switch
    {
        LibraryModule { Library: ModuleLibrary.Torch } library => $"nn.{library.Type}({Arguments(library.Arguments)})",
        LibraryModule library => $"new {library.Type}({Arguments(library.Arguments)})",
        ClassModule instance => $"new {_classNames[instance.ClassKey]}({string.Join(", ", instance.Arguments.Select(Spell))})",
        SequentialModule sequential => $"nn.Sequential({string.Join(", ", sequential.Items.Select(Item))})",
        _ => throw new InvalidOperationException($"unknown module spec {module.GetType().Name}"),
    };

    private string Item(SequentialItem item) =>
        item.Name is null ? Initializer(item.Module) : $"({CSharpNames.Literal(item.Name)}, {Initializer(item.Module)})";

    private string Arguments(IEnumerable<PlanArgument> arguments) =>
        string.Join(", ", arguments.Select(a => a.Name is null ? Value(a.Value) : $"{a.Name}: {Value(a.Value)}"));

    private string Value(PlanValue value) => value switch
    {
        WidthValue width => Spell(width.Width),
        PairValue pair => $"({pair.Pair.Height.ToString(CultureInfo.InvariantCulture)}, {pair.Pair.Width.ToString(CultureInfo.InvariantCulture)})",
        DoubleValue number => number.Text,
        BoolValue flag => flag.Value ? "true" : "false",
        _ => throw new InvalidOperationException($"unknown plan value {value.GetType().Name}"),
    };

    private string Spell(Width width) => width.Format(name => _parameterNames[name]);

    private string Local(string name)
    {
        // Locals keep the .incept spelling (branch3x3_2a), so the forward reads like torchvision's.
        return UniqueNames.Claim(CSharpNames.Escape(name), _locals);
    }
}
