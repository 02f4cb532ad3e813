using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.Emit.Forward;
using Inception.Compiler.Emit.Naming;
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
    private readonly Dictionary<string, PlanChild> _children;
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal) { "x", "aux_outputs", "self" };

    public PythonClassPrinter(ClassPlan plan, IReadOnlyDictionary<string, string> classNames, SourceQuotes quotes, ModelPlan model)
    {
        _class = plan;
        _children = plan.Children.ToDictionary(c => c.Name, StringComparer.Ordinal);
        _classNames = classNames;
        _quotes = quotes;
        _model = model;
        var taken = new HashSet<string>(StringComparer.Ordinal) { "self" };
        _parameters[ChannelExpression.InChannels] = UniqueNames.Claim("in_channels", taken);
        foreach (var parameter in plan.Parameters)
        {
            _parameters[parameter] = UniqueNames.Claim(PythonNames.Identifier(parameter), taken);
        }

        _parameters[ChannelExpression.Classes] = UniqueNames.Claim("num_classes", taken);
    }

    private bool IsNetwork => _class.Kind == ClassKind.Network;

    public void Print(SourceWriter code)
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
        foreach (var child in _class.Children.Where(c => Function(c) is null))
        {
            var quote = _quotes.Quote(child.Location);
            if (quote != previous)
            {
                code.Comment(quote);
                previous = quote;
            }

            var initializer = Initializer(child.Module);
            if (child.Optional)
            {
                initializer += " if aux_logits else None";
            }

            // Not add_module for the rest: it refuses a name nn.Module has as an attribute (T_destination), which the key must keep.
            code.Line($"{Attribute(child.Name)} = {initializer}");
        }

        if (IsNetwork)
        {
            code.Line("initialize(self)");
        }

        code.Indent--;
        code.Line();
        code.Line("def forward(self, x):");
        code.Indent++;
        // Anywhere in the forward: an aux head may sit in a residual's body or a concat's branch.
        var auxSteps = new AuxSteps();
        auxSteps.Walk(_class.Forward, false);
        var hasAux = IsNetwork && auxSteps.Count > 0;
        var lines = new List<string>();
        if (hasAux)
        {
            lines.Add("aux_outputs = []");
        }

        var flow = new VariableFlow(lines, (variable, expression, _) => $"{variable} = {expression}", "x", "x", declared: true);
        var returned = new PythonForward(this).Print(_class.Forward, flow, returnsLast: !hasAux);
        if (hasAux)
        {
            lines.Add("if self.training and self.aux_logits:");
            lines.Add("    return x, aux_outputs");
        }

        if (!returned)
        {
            lines.Add($"return {flow.Current}");
        }

        foreach (var line in lines)
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

        yield return _parameters[ChannelExpression.InChannels];
        foreach (var parameter in _class.Parameters)
        {
            yield return _parameters[parameter];
        }

        if (_class.TakesClasses)
        {
            yield return _parameters[ChannelExpression.Classes];
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

    /// <summary>Counts the aux steps of a forward, at any depth; the values it walks with carry nothing.</summary>
    private sealed class AuxSteps : ForwardWalker<bool>
    {
        public int Count { get; private set; }

        protected override bool Call(CallStep step, bool input) => input;

        protected override bool Concat(ConcatStep step, bool input, IReadOnlyList<bool> branches) => input;

        protected override bool Residual(ResidualStep step, bool body, bool shortcut) => body;

        protected override void Aux(AuxStep step, bool input) => Count++;
    }

    /// <summary>The shared walk with Python expressions as values.</summary>
    private sealed class PythonForward : ForwardPrinter
    {
        private readonly PythonClassPrinter _printer;

        public PythonForward(PythonClassPrinter printer)
            : base("#") => _printer = printer;

        protected override VariableFlow Call(CallStep step, VariableFlow input) => Assign(step, input, _printer.Call(step, input.Current), oneTerm: true);

        protected override VariableFlow Concat(ConcatStep step, VariableFlow input, IReadOnlyList<VariableFlow> branches) =>
            Join(step, input, $"torch.cat([{string.Join(", ", branches.Select(b => b.Current))}], 1)");

        protected override VariableFlow Residual(ResidualStep step, VariableFlow body, VariableFlow shortcut)
        {
            var scale = step.Scale == 1 ? string.Empty : " * " + Number(step.Scale);
            var sum = $"{body.Current}{scale} + {shortcut.Current}";
            return Assign(step, body, step.Relu ? $"F.relu({sum})" : sum, oneTerm: true);
        }

        protected override void Aux(AuxStep step, VariableFlow input)
        {
            var head = Attribute(step.Child);
            input.Line($"if {head} is not None and self.training:");
            input.Line($"    aux_outputs.append(({head}({input.Current}), {Number(step.LossWeight)}))");
        }

        protected override string Local(string label) => UniqueNames.Claim(PythonNames.Identifier(label), _printer._locals);

        protected override string Return(string expression, bool oneTerm) => "return " + expression;
    }

    private string Call(CallStep call, string input)
    {
        var expression = call.FlattenInput ? $"torch.flatten({input}, 1)" : input;
        foreach (var name in call.Modules)
        {
            var child = _children[name];
            expression = Function(child) is { } function
                ? $"{function.Definition.PyTorchFunction}({string.Join(", ", new[] { expression }.Concat(function.Arguments.Count == 0 ? Array.Empty<string>() : new[] { Arguments(function.Arguments) }))})"
                : $"{Attribute(name)}({expression})";
        }

        return call.ReluAfter ? $"F.relu({expression})" : expression;
    }

    /// <summary>
    /// A layer the file leaves unnamed whose module has no state and a functional form: called as that function
    /// in the forward (<c>F.avg_pool2d(x, ...)</c>), as torchvision writes its blocks, instead of an invented attribute.
    /// </summary>
    private static LibraryModule? Function(PlanChild child) =>
        child.NameGenerated && !child.Optional && child.Module is LibraryModule { Definition.PyTorchFunction: not null } library ? library : null;

    private static string Attribute(string name) => PythonNames.IsAttribute(name) ? "self." + name : $"self._modules[{PythonNames.Literal(name)}]";

    private string Initializer(ModuleSpec module) => module switch
    {
        LibraryModule library => $"{library.Definition.PyTorchFactory}({Arguments(library.Arguments)})",
        ClassModule instance => $"{_classNames[instance.ClassKey]}({string.Join(", ", instance.Arguments.Select(Spell))})",
        SequentialModule { Items: var items } when items.All(i => i.Name is null) => $"nn.Sequential({string.Join(", ", items.Select(i => Initializer(i.Module)))})",
        SequentialModule sequential => $"nn.Sequential(OrderedDict([{string.Join(", ", sequential.Items.Select(i => $"({PythonNames.Literal(i.Name!)}, {Initializer(i.Module)})"))}]))",
        _ => throw new InvalidOperationException($"unknown module spec {module.GetType().Name}"),
    };

    private string Arguments(IEnumerable<PlanArgument> arguments) =>
        string.Join(", ", arguments.Select(a => a.Parameter.Positional ? Value(a.Value) : $"{a.Parameter.Name}={Value(a.Value)}"));

    private string Value(PlanValue value) => value.Accept(new PythonValues(Spell));

    /// <summary>A width in Python: the .incept's '/' rounds down, which is Python's '//'.</summary>
    private string Spell(ChannelExpression width) =>
        width.Format(name => IsNetwork && name == ChannelExpression.Classes ? "num_classes" : _parameters[name]).Replace(" / ", " // ");

    private static string Number(double? value) => value is { } number ? number.ToString("R", CultureInfo.InvariantCulture) : "None";
}
