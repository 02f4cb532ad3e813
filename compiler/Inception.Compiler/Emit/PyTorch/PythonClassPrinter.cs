using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.Emit.CSharp;
using Inception.Compiler.IR;
using Inception.Compiler.Plan;

namespace Inception.Compiler.Emit.PyTorch;

/// <summary>Prints one planned class as a PyTorch nn.Module.</summary>
internal sealed class PythonClassPrinter
{
    private readonly ClassPlan _class;
    private readonly IReadOnlyDictionary<string, string> _classNames;
    private readonly SourceQuotes _quotes;
    private readonly ModelPlan _model;
    private readonly Dictionary<string, string> _parameters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal) { "x", "aux_outputs", "self" };
    private readonly List<string> _forward = new();

    public PythonClassPrinter(ClassPlan plan, IReadOnlyDictionary<string, string> classNames, SourceQuotes quotes, ModelPlan model)
    {
        _class = plan;
        _classNames = classNames;
        _quotes = quotes;
        _model = model;
        var taken = new HashSet<string>(StringComparer.Ordinal) { "self" };
        _parameters[Width.InChannels] = UniqueNames.Claim("in_channels", taken);
        foreach (var parameter in plan.Parameters)
        {
            _parameters[parameter] = UniqueNames.Claim(PythonNames.Identifier(parameter), taken);
        }

        _parameters[Width.Classes] = UniqueNames.Claim("num_classes", taken);
    }

    private bool IsNetwork => _class.Kind == ClassKind.Network;

    public void Print(PythonWriter code)
    {
        var name = _classNames[_class.Key];
        code.Line($"class {name}(nn.Module):");
        code.Indent++;
        var what = IsNetwork ? $"Network {_class.Name}: input {_model.Input}, {_model.Classes} classes" : _class.Kind == ClassKind.Block ? $"Block {_class.Name}" : $"Auxiliary head {_class.Name}";
        if (_class.Variant.Length > 0)
        {
            what += $" with {_class.Variant}";
        }

        code.Line($"\"\"\"{what}; {_quotes.DisplayPath(_class.Location.Path)}({_class.Location.Line.ToString(CultureInfo.InvariantCulture)}).\"\"\"");
        code.Line();
        if (IsNetwork)
        {
            code.Line($"INPUT = ({_model.Input.Channels}, {_model.Input.Height}, {_model.Input.Width})");
        }

        code.Line("INITIAL_STD = " + InitialStd());
        code.Line();
        code.Line($"def __init__({string.Join(", ", Signature())}):");
        code.Indent++;
        code.Line("super().__init__()");
        if (IsNetwork)
        {
            code.Line("self.aux_logits = aux_logits");
        }

        string? previous = null;
        foreach (var child in _class.Children)
        {
            var comment = "# " + _quotes.Comment(child.Location, 200).Substring(3);
            if (comment != previous)
            {
                code.Line(comment);
                previous = comment;
            }

            var initializer = Initializer(child.Module);
            if (child.Optional)
            {
                initializer += " if aux_logits else None";
            }

            code.Line(PythonNames.IsAttribute(child.Name) ? $"self.{child.Name} = {initializer}" : $"self.add_module({PythonNames.Literal(child.Name)}, {initializer})");
        }

        if (IsNetwork)
        {
            code.Line("initialize(self)");
        }

        code.Indent--;
        code.Line();
        code.Line("def forward(self, x):");
        code.Indent++;
        var hasAux = IsNetwork && _class.Forward.OfType<AuxStep>().Any();
        if (hasAux)
        {
            _forward.Add("aux_outputs = []");
        }

        Steps(_class.Forward, new VariableFlow(_forward, (variable, expression, _) => $"{variable} = {expression}", "x", "x", declared: true));
        if (hasAux)
        {
            _forward.Add("if self.training and self.aux_logits:");
            _forward.Add("    return x, aux_outputs");
        }

        _forward.Add("return x");
        foreach (var line in _forward)
        {
            code.Line(line);
        }

        code.Indent -= 2;
    }

    private IEnumerable<string> Signature()
    {
        yield return "self";
        if (IsNetwork)
        {
            yield return $"num_classes={_model.Classes.ToString(CultureInfo.InvariantCulture)}";
            yield return "aux_logits=True";
            yield break;
        }

        yield return _parameters[Width.InChannels];
        foreach (var parameter in _class.Parameters)
        {
            yield return _parameters[parameter];
        }

        if (_class.TakesClasses)
        {
            yield return _parameters[Width.Classes];
        }
    }

    private string InitialStd()
    {
        var entries = _class.InitialStds;
        var common = entries.Count == 0 ? null : entries.GroupBy(e => e.Std).OrderByDescending(g => g.Count()).First().Key;
        var items = new List<string> { $"\"*\": {Number(common)}" };
        items.AddRange(entries.Where(e => e.Std != common).Select(e => $"{PythonNames.Literal(e.Path)}: {Number(e.Std)}"));
        return "{" + string.Join(", ", items) + "}";
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
                    var variables = new List<string>();
                    foreach (var branch in concat.Branches)
                    {
                        var variable = UniqueNames.Claim(PythonNames.Identifier(branch.Label), _locals);
                        var branchFlow = flow.Fork(variable);
                        Steps(branch.Steps, branchFlow);
                        if (!branchFlow.Declared)
                        {
                            _forward.Add($"{variable} = {flow.Current}");
                        }

                        variables.Add(variable);
                    }

                    flow.Apply(_ => $"torch.cat([{string.Join(", ", variables)}], 1)");
                    Shape(concat.Output);
                    break;
                case ResidualStep residual:
                    var shortcut = UniqueNames.Claim("shortcut", _locals);
                    var shortcutFlow = flow.Fork(shortcut);
                    Steps(residual.Shortcut, shortcutFlow);
                    if (!shortcutFlow.Declared)
                    {
                        _forward.Add($"{shortcut} = {flow.Current}");
                    }

                    Steps(residual.Body, flow);
                    var scale = residual.Scale == 1 ? string.Empty : " * " + Number(residual.Scale);
                    flow.Apply(v => residual.Relu ? $"F.relu({v}{scale} + {shortcut})" : $"{v}{scale} + {shortcut}");
                    Shape(residual.Output);
                    break;
                case AuxStep aux:
                    var head = Attribute(aux.Child);
                    _forward.Add($"if {head} is not None and self.training:");
                    _forward.Add($"    aux_outputs.append(({head}({flow.Current}), {Number(aux.LossWeight)}))");
                    break;
                default:
                    throw new InvalidOperationException($"the PyTorch printer has no rule for {step.GetType().Name}");
            }
        }
    }

    private static string Call(CallStep call, string input)
    {
        var expression = call.FlattenInput ? $"torch.flatten({input}, 1)" : input;
        foreach (var module in call.Modules)
        {
            expression = $"{Attribute(module)}({expression})";
        }

        return call.ReluAfter ? $"F.relu({expression})" : expression;
    }

    private static string Attribute(string name) => PythonNames.IsAttribute(name) ? "self." + name : $"getattr(self, {PythonNames.Literal(name)})";

    private void Shape(StepShape? step)
    {
        if (step is { Shape: var shape })
        {
            var dims = step.Flat ? new[] { shape.Channels } : new[] { shape.Channels, shape.Height, shape.Width };
            _forward.Add("# N x " + string.Join(" x ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture))));
        }
    }

    private string Initializer(ModuleSpec module) => module switch
    {
        LibraryModule { Library: ModuleLibrary.Torch } library => $"nn.{library.Type}({Arguments(library.Arguments)})",
        LibraryModule library => $"{library.Type}({Arguments(library.Arguments)})",
        ClassModule instance => $"{_classNames[instance.ClassKey]}({string.Join(", ", instance.Arguments.Select(Spell))})",
        SequentialModule { Items: var items } when items.All(i => i.Name is null) => $"nn.Sequential({string.Join(", ", items.Select(i => Initializer(i.Module)))})",
        SequentialModule sequential => $"nn.Sequential(OrderedDict([{string.Join(", ", sequential.Items.Select(i => $"({PythonNames.Literal(i.Name!)}, {Initializer(i.Module)})"))}]))",
        _ => throw new InvalidOperationException($"unknown module spec {module.GetType().Name}"),
    };

    /// <summary>PyTorch's argument names; the plan uses TorchSharp's, which differ for Linear's bias only.</summary>
    private string Arguments(IEnumerable<PlanArgument> arguments) =>
        string.Join(", ", arguments.Select(a => a.Name is null ? Value(a.Value) : $"{(a.Name == "hasBias" ? "bias" : a.Name)}={Value(a.Value)}"));

    private string Value(PlanValue value) => value switch
    {
        WidthValue width => Spell(width.Width),
        PairValue pair => $"({pair.Pair.Height.ToString(CultureInfo.InvariantCulture)}, {pair.Pair.Width.ToString(CultureInfo.InvariantCulture)})",
        DoubleValue number => Number(number.Value),
        BoolValue flag => flag.Value ? "True" : "False",
        _ => throw new InvalidOperationException($"unknown plan value {value.GetType().Name}"),
    };

    /// <summary>A width in Python: the .incept's '/' rounds down, which is Python's '//'.</summary>
    private string Spell(Width width) =>
        width.Format(name => IsNetwork && name == Width.Classes ? "num_classes" : _parameters[name]).Replace(" / ", " // ");

    private static string Number(double? value) => value is { } number ? number.ToString("R", CultureInfo.InvariantCulture) : "None";
}
