using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Semantics;

/// <summary>
/// Turns syntax into the bound tree: resolves blocks and arguments, applies each file's defaults, expands sugar
/// (factorize, reduce_grid, aux_head) and gives every module its final name.
/// </summary>
public sealed partial class Binder
{
    private const string ClassesName = "classes";

    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, (BlockDeclaration Syntax, string Path)> _blocks = new();
    // Each file's defaults per op, in the order the options were last set: one array per file and op, read by every statement.
    private readonly Dictionary<string, Dictionary<string, EquatableArray<BoundOptionArgument>>> _defaultsByFile = new();
    private Dictionary<string, HashSet<string>> _optionParameters = new();

    private Binder(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

    /// <summary>Binds the networks of <paramref name="main"/>; blocks may come from it or from its imports.</summary>
    public static BoundProgram Bind(SyntaxFile main, IReadOnlyList<SyntaxFile> imports, DiagnosticBag diagnostics)
    {
        var binder = new Binder(diagnostics);
        foreach (var file in imports.Concat(new[] { main }))
        {
            binder.Declare(file);
        }

        binder._optionParameters = BlockParameters.OptionParameters(binder._blocks.ToDictionary(b => b.Key, b => b.Value.Syntax));
        var blocks = binder._blocks.Values
            .Select(b => binder.BindBlock(b.Syntax, b.Path))
            .ToEquatableArray();
        var networks = main.Declarations.OfType<NetworkDeclaration>()
            .Select(n => binder.BindNetwork(n, main.Path))
            .Where(n => n is not null)
            .Select(n => n!)
            .ToEquatableArray();

        // A file of blocks alone is a library for others to import; a file with neither declares nothing.
        if (!main.Declarations.Any(d => d is NetworkDeclaration or BlockDeclaration) && !diagnostics.HasErrors)
        {
            diagnostics.Report(new SourceLocation(main.Path, 1, 1), Errors.NoNetwork());
        }

        return new BoundProgram(blocks, networks);
    }

    private void Declare(SyntaxFile file)
    {
        var defaults = new Dictionary<string, Dictionary<string, BoundOptionArgument>>();
        var networkNames = new HashSet<string>();
        foreach (var declaration in file.Declarations)
        {
            switch (declaration)
            {
                case ErrorDeclaration error:
                    _diagnostics.Report(Locate(file.Path, error.Position), Errors.Syntax(error.Message), error.Related is { } related ? Locate(file.Path, related) : null);
                    break;
                case BlockDeclaration block when _blocks.ContainsKey(block.Name.Text):
                    var first = _blocks[block.Name.Text];
                    _diagnostics.Report(Locate(file.Path, block.Name.Position), Errors.DuplicateBlock(block.Name.Text, first.Path, first.Syntax.Position.Line, first.Syntax.Position.Column));
                    break;
                case BlockDeclaration block:
                    _blocks[block.Name.Text] = (block, file.Path);
                    break;
                case NetworkDeclaration network when !networkNames.Add(network.Name.Text):
                    _diagnostics.Report(Locate(file.Path, network.Name.Position), Errors.DuplicateNetwork(network.Name.Text));
                    break;
                case DefaultsDeclaration section:
                    DeclareDefaults(section, file.Path, defaults);
                    break;
            }
        }

        _defaultsByFile[file.Path] = defaults.ToDictionary(d => d.Key, d => d.Value.Values.ToEquatableArray());
    }

    private void DeclareDefaults(DefaultsDeclaration section, string path, Dictionary<string, Dictionary<string, BoundOptionArgument>> defaults)
    {
        foreach (var statement in section.Body)
        {
            if (statement is ErrorStatement error)
            {
                _diagnostics.Report(Locate(path, error.Position), Errors.Syntax(error.Message));
                continue;
            }

            var definition = statement is OperationStatement { Names.Count: 0, Body: null } candidate
                ? SemanticFacts.Defaultable.FirstOrDefault(d => d.Keyword == candidate.Operation.Text)
                : null;
            if (definition is null)
            {
                _diagnostics.Report(
                    Locate(path, statement.Position),
                    Errors.NotADefaultsLine(SemanticFacts.Defaultable.Select(d => d.Keyword).OrderBy(s => s, System.StringComparer.Ordinal)));
                continue;
            }

            var operation = (OperationStatement)statement;
            var op = operation.Operation.Text;
            if (!defaults.TryGetValue(op, out var options))
            {
                options = new Dictionary<string, BoundOptionArgument>();
                defaults[op] = options;
            }

            var allowed = definition.Options;
            foreach (var argument in operation.Arguments)
            {
                if (argument is OptionArgument option && allowed.Contains(option.Name))
                {
                    options[option.Name] = ReadOption(option, path, NoParameters);
                }
                else
                {
                    _diagnostics.Report(Locate(path, argument.Position), argument is OptionArgument named ? Errors.UnknownDefaultOption(op, named.Name) : Errors.DefaultsTakeOptionsOnly());
                }
            }
        }
    }

    private BoundBlock BindBlock(BlockDeclaration block, string path)
    {
        var declared = new HashSet<string> { ClassesName };
        var optionParameters = _optionParameters[block.Name.Text];
        foreach (var parameter in block.Parameters)
        {
            if (parameter.Name.Text == ClassesName || !declared.Add(parameter.Name.Text))
            {
                _diagnostics.Report(Locate(path, parameter.Name.Position), Errors.DuplicateParameter(parameter.Name.Text));
            }

            if (parameter.Default is not null)
            {
                BindArgument(parameter.Default, optionParameters.Contains(parameter.Name.Text), new HashSet<string> { ClassesName }, new HashSet<string>(), path);
            }
        }

        // Widths see the width parameters; an option parameter is fixed per class and read by options only.
        var widths = new HashSet<string>(declared.Where(p => !optionParameters.Contains(p)));
        var context = new BindContext(path, widths, new ModuleScope(isSequential: false)) { OptionParameters = optionParameters, InBlock = true };
        var body = BindBody(block.Body, context, allowHeader: false);
        var location = Locate(path, block.Position);
        return new BoundBlock(
            block.Name.Text,
            block.Parameters.Select(p => p.Name.Text).ToEquatableArray(),
            block.Parameters.Select(p => p.Name.Text).Where(optionParameters.Contains).ToEquatableArray(),
            new BoundSequence(string.Empty, false, body.ToEquatableArray(), location),
            location);
    }

    private BoundNetwork? BindNetwork(NetworkDeclaration network, string path)
    {
        var location = Locate(path, network.Position);
        var header = new NetworkHeader(this, path);
        var context = new BindContext(path, new HashSet<string> { ClassesName }, new ModuleScope(isSequential: false)) { Header = header };
        var body = BindBody(network.Body, context, allowHeader: true);
        if (header.Input is null)
        {
            _diagnostics.Report(Locate(path, network.Name.Position), Errors.MissingInput(network.Name.Text));
            return null;
        }

        return new BoundNetwork(
            network.Name.Text,
            header.Input.Value,
            header.Classes ?? 1000,
            new BoundSequence(string.Empty, false, body.ToEquatableArray(), location),
            location);
    }

    private List<BoundNode> BindBody(IEnumerable<StatementSyntax> statements, BindContext context, bool allowHeader)
    {
        var nodes = new List<BoundNode>();
        foreach (var statement in statements)
        {
            if (statement is OperationStatement { Operation.Text: "input" or "classes" } header)
            {
                if (allowHeader && context.Header is not null)
                {
                    context.Header.Read(header);
                }
                else
                {
                    _diagnostics.Report(Locate(context.Path, header.Position), Errors.HeaderNotAtTop(header.Operation.Text));
                }

                continue;
            }

            nodes.AddRange(BindStatement(statement, context));
        }

        return nodes;
    }

    private IEnumerable<BoundNode> BindStatement(StatementSyntax statement, BindContext context)
    {
        switch (statement)
        {
            case ErrorStatement error:
                _diagnostics.Report(Locate(context.Path, error.Position), Errors.Syntax(error.Message));
                return Enumerable.Empty<BoundNode>();
            case SequenceStatement { Name: null } anonymous:
                return BindBody(anonymous.Body, context, allowHeader: false);
            case SequenceStatement named:
                return new[] { BindNamedSequence(named, context) };
            case CallStatement call:
                return Optional(BindCall(call, context));
            case FactorizeStatement factorize:
                return BindFactorize(factorize, context);
            case OperationStatement operation:
                return Optional(BindOperation(operation, context));
            default:
                return Enumerable.Empty<BoundNode>();
        }
    }

    private static IEnumerable<BoundNode> Optional(BoundNode? node) => node is null ? Enumerable.Empty<BoundNode>() : new[] { node };

    private BoundNode BindNamedSequence(SequenceStatement sequence, BindContext context)
    {
        var name = ClaimName(sequence.Name!.Value, context);
        var inner = context with { Scope = new ModuleScope(isSequential: true) };
        var items = BindBody(sequence.Body, inner, allowHeader: false);
        return new BoundSequence(name, true, items.ToEquatableArray(), Locate(context.Path, sequence.Position));
    }

    private BoundNode? BindCall(CallStatement call, BindContext context)
    {
        if (!_blocks.TryGetValue(call.Callee.Text, out var block))
        {
            var known = _blocks.Count == 0 ? "no blocks are defined" : "known blocks: " + string.Join(", ", _blocks.Keys.OrderBy(k => k));
            _diagnostics.Report(Locate(context.Path, call.Callee.Position), Errors.UnknownBlock(call.Callee.Text, known));
            return null;
        }

        var parameters = block.Syntax.Parameters;
        var values = new ExpressionSyntax?[parameters.Count];
        var positional = 0;
        foreach (var argument in call.Arguments)
        {
            if (argument is OptionArgument named)
            {
                var index = parameters.Select(p => p.Name.Text).ToList().IndexOf(named.Name);
                var location = Locate(context.Path, named.Position);
                if (index < 0)
                {
                    _diagnostics.Report(location, Errors.NoSuchBlockParameter(block.Syntax.Name.Text, named.Name), Declared(block));
                }
                else if (values[index] is not null)
                {
                    _diagnostics.Report(location, Errors.BlockArgumentGivenTwice(named.Name), Declared(block));
                }
                else if (named.Value is ValueArgument value)
                {
                    values[index] = value.Value;
                }
                else
                {
                    _diagnostics.Report(location, Errors.BlockArgumentIsASize(named.Name), Declared(block));
                }
            }
            else if (argument is ValueArgument value)
            {
                if (positional >= parameters.Count)
                {
                    _diagnostics.Report(Locate(context.Path, argument.Position), Errors.TooManyBlockArguments(block.Syntax.Name.Text, parameters.Count), Declared(block));
                    break;
                }

                if (values[positional] is not null)
                {
                    _diagnostics.Report(Locate(context.Path, argument.Position), Errors.BlockArgumentGivenTwice(parameters[positional].Name.Text), Declared(block));
                }

                values[positional++] = value.Value;
            }
        }

        var arguments = new List<BoundArgument>();
        var calleeOptions = _optionParameters[block.Syntax.Name.Text];
        for (var i = 0; i < parameters.Count; i++)
        {
            // A default is written in the block's own file and sees only 'classes'.
            var isDefault = values[i] is null;
            values[i] ??= parameters[i].Default;
            if (values[i] is null)
            {
                _diagnostics.Report(Locate(context.Path, call.Position), Errors.MissingBlockArgument(block.Syntax.Name.Text, parameters[i].Name.Text), Declared(block));
                return null;
            }

            var isOption = calleeOptions.Contains(parameters[i].Name.Text);
            var argument = isDefault
                ? BindArgument(values[i]!, isOption, new HashSet<string> { ClassesName }, new HashSet<string>(), block.Path)
                : BindArgument(values[i]!, isOption, context.Parameters, context.OptionParameters, context.Path);
            if (argument is null)
            {
                return null;
            }

            arguments.Add(argument);
        }

        var name = call.Name is { } explicitName ? ClaimName(explicitName, context) : context.Scope.Generate(call.Callee.Text);
        return new BoundBlockCall(name, call.Callee.Text, arguments.ToEquatableArray(), Locate(context.Path, call.Position)) { NameGenerated = call.Name is null };
    }

    /// <summary>Where a block is declared, for a bad call's related place.</summary>
    private static SourceLocation Declared((BlockDeclaration Syntax, string Path) block) => Locate(block.Path, block.Syntax.Name.Position);

    private string ClaimName(Identifier name, BindContext context)
    {
        if (!context.Scope.TryClaim(name.Text))
        {
            _diagnostics.Report(Locate(context.Path, name.Position), Errors.DuplicateName(name.Text));
        }

        return name.Text;
    }

    private static SourceLocation Locate(string path, Position position) => new(path, position.Line, position.Column);

    private sealed record BindContext(string Path, IReadOnlyCollection<string> Parameters, ModuleScope Scope)
    {
        public NetworkHeader? Header { get; init; }

        /// <summary>The block's option parameters: options may name them; widths may not.</summary>
        public IReadOnlyCollection<string> OptionParameters { get; init; } = new string[0];

        /// <summary>Whether the statements are a block's, which may not hold an aux head: only a network records its logits.</summary>
        public bool InBlock { get; init; }

        public bool InSequentialModule => Scope.IsSequential;
    }

    /// <summary>The <c>input</c> and <c>classes</c> lines of a network.</summary>
    private sealed class NetworkHeader
    {
        private readonly Binder _binder;
        private readonly string _path;

        public NetworkHeader(Binder binder, string path)
        {
            _binder = binder;
            _path = path;
        }

        public Shape? Input { get; private set; }

        public int? Classes { get; private set; }

        public void Read(OperationStatement statement)
        {
            var location = Locate(_path, statement.Position);
            var argument = statement.Arguments.Count == 1 ? statement.Arguments[0] : null;
            if (statement.Operation.Text == "input")
            {
                if (argument is DimensionsArgument { Sizes.Count: 3 } dims && dims.Sizes.All(s => s > 0))
                {
                    Input = new Shape(dims.Sizes[0], dims.Sizes[1], dims.Sizes[2]);
                }
                else
                {
                    _binder._diagnostics.Report(location, Errors.InputTakesOneShape());
                }
            }
            else if (argument is ValueArgument { Value: NumberExpression { IsInteger: true, Value: > 0 and <= int.MaxValue } count })
            {
                Classes = (int)count.Value;
            }
            else
            {
                _binder._diagnostics.Report(location, Errors.ClassesTakesOneInteger());
            }
        }
    }
}
