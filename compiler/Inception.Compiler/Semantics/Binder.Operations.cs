using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Syntax;
using Inception.Compiler.Text;

namespace Inception.Compiler.Semantics;

public sealed partial class Binder
{
    private BoundNode? BindOperation(OperationStatement statement, BindContext context)
    {
        var op = statement.Operation.Text;
        var location = Locate(context.Path, statement.Position);
        if (!SemanticFacts.OptionsByOperation.TryGetValue(op, out var allowed))
        {
            var hint = _blocks.ContainsKey(op) ? $"; call the block with parentheses: {op}(...)" : string.Empty;
            _diagnostics.Error(
                DiagnosticIds.UnknownOperation,
                Locate(context.Path, statement.Operation.Position),
                $"unknown operation '{op}'{hint}; operations: " + string.Join(", ", SemanticFacts.OptionsByOperation.Keys.Where(k => k is not ("input" or "classes"))));
            return null;
        }

        if (statement.Names.Count > 1)
        {
            _diagnostics.Error(DiagnosticIds.BadArguments, Locate(context.Path, statement.Names[1].Position), $"'{op}' makes one layer, so it takes one name");
        }

        var hasBody = op is "concat" or "reduce_grid" or "aux_head";
        if (hasBody != (statement.Body is not null))
        {
            var message = hasBody ? $"'{op}' needs a body in braces" : $"'{op}' takes no body in braces";
            _diagnostics.Error(DiagnosticIds.BadArguments, location, message);
            return null;
        }

        if (op is "concat" or "reduce_grid" && statement.Names.Count > 0)
        {
            _diagnostics.Error(DiagnosticIds.BadArguments, Locate(context.Path, statement.Names[0].Position), $"'{op}' is not a module and takes no name; name its branches instead");
        }

        _defaultsByFile[context.Path].TryGetValue(op, out var defaults);
        var options = new OptionReader(op, statement.Arguments.OfType<OptionArgument>(), defaults, allowed, context.Path, _diagnostics);
        var positional = statement.Arguments.Where(a => a is not OptionArgument).ToList();
        var arguments = new PositionalReader(this, op, positional, location, context);

        string Name() => statement.Names.Count > 0 ? ClaimName(statement.Names[0], context) : context.Scope.Generate(op);

        switch (op)
        {
            case "conv":
                {
                    var channels = arguments.Expression("output channels");
                    var kernel = arguments.Pair("kernel size such as 3x3");
                    if (!arguments.Complete() || channels is null || kernel is null)
                    {
                        return null;
                    }

                    var stride = options.Pair("stride", Pair.Square(1));
                    var padding = ReadPadding(options, kernel.Value, stride);
                    var batchNorm = options.Bool("bn", false);
                    return new BoundConv(
                        Name(),
                        channels,
                        kernel.Value,
                        stride,
                        padding,
                        options.Bool("bias", !batchNorm),
                        batchNorm ? options.Number("eps", 1e-5) : null,
                        options.Bool("relu", false),
                        options.Number("init_std", null),
                        location);
                }

            case "maxpool":
            case "avgpool":
                {
                    var kernel = arguments.Pair("kernel size such as 3x3");
                    if (!arguments.Complete() || kernel is null)
                    {
                        return null;
                    }

                    var stride = options.Pair("stride", kernel.Value);
                    var padding = ReadPadding(options, kernel.Value, stride);
                    if (padding.Height * 2 > kernel.Value.Height || padding.Width * 2 > kernel.Value.Width)
                    {
                        _diagnostics.Error(DiagnosticIds.InvalidPadding, location, $"pool padding {padding} must be at most half the kernel {kernel.Value}");
                    }

                    return new BoundPool(
                        Name(),
                        op == "maxpool" ? PoolKind.Max : PoolKind.Average,
                        kernel.Value,
                        stride,
                        padding,
                        options.Bool("ceil", false),
                        options.Bool("count_include_pad", true),
                        location);
                }

            case "adaptive_avgpool":
                {
                    var size = arguments.Pair("output size such as 4x4");
                    return arguments.Complete() && size is not null ? new BoundAdaptiveAvgPool(Name(), size.Value, location) : null;
                }

            case "global_avgpool":
                return arguments.Complete() ? new BoundAdaptiveAvgPool(Name(), Pair.Square(1), location) : null;
            case "flatten":
                return arguments.Complete() ? new BoundFlatten(Name(), location) : null;
            case "relu":
                return arguments.Complete() ? new BoundRelu(Name(), location) : null;
            case "batchnorm":
                return arguments.Complete() ? new BoundBatchNorm(Name(), options.Number("eps", 1e-5)!.Value, location) : null;
            case "dropout":
                {
                    var probability = arguments.Constant("drop probability");
                    if (!arguments.Complete() || probability is null)
                    {
                        return null;
                    }

                    if (probability is < 0 or >= 1)
                    {
                        _diagnostics.Error(DiagnosticIds.InvalidValue, location, $"drop probability must be in [0, 1), not {Format(probability.Value)}");
                    }

                    return new BoundDropout(Name(), probability.Value, location);
                }

            case "linear":
                {
                    var features = arguments.Expression("output features");
                    if (!arguments.Complete() || features is null)
                    {
                        return null;
                    }

                    var batchNorm = options.Bool("bn", false);
                    return new BoundLinear(
                        Name(),
                        features,
                        options.Bool("bias", !batchNorm),
                        batchNorm ? options.Number("eps", 1e-5) : null,
                        options.Bool("relu", false),
                        options.Number("init_std", null),
                        location);
                }

            case "expect":
                {
                    var dims = positional.Count == 1 ? positional[0] as DimensionsArgument : null;
                    if (dims is not { Sizes.Count: 3 })
                    {
                        _diagnostics.Error(DiagnosticIds.BadArguments, location, "'expect' takes one shape CxHxW, e.g. 'expect 768x17x17'");
                        return null;
                    }

                    return new BoundExpect(new Shape(dims.Sizes[0], dims.Sizes[1], dims.Sizes[2]), location);
                }

            case "concat":
                return arguments.Complete() ? BindConcat(statement.Body!.Value, context, location, isGridReduction: false, extraBranch: null) : null;
            case "reduce_grid":
                return arguments.Complete() ? BindReduceGrid(statement, options, context, location) : null;
            case "aux_head":
                return arguments.Complete() ? BindAuxHead(statement, options, context, location) : null;
            default:
                return null;
        }
    }

    private Pair ReadPadding(OptionReader options, Pair kernel, Pair stride)
    {
        var word = options.Word("pad");
        if (word is null)
        {
            return options.Pair("pad", Pair.Square(0));
        }

        var location = options.Locate(options.Raw("pad")!.Value.Position);
        switch (word)
        {
            case "valid":
                return Pair.Square(0);
            case "same":
                if (kernel.Height % 2 == 0 || kernel.Width % 2 == 0 || stride != Pair.Square(1))
                {
                    _diagnostics.Error(DiagnosticIds.InvalidPadding, location, $"'pad=same' needs an odd kernel and stride 1 (kernel {kernel}, stride {stride})");
                }

                return new Pair(kernel.Height / 2, kernel.Width / 2);
            default:
                _diagnostics.Error(DiagnosticIds.BadOptionValue, location, "option 'pad' must be an integer, HxW, 'same' or 'valid'");
                return Pair.Square(0);
        }
    }

    private BoundNode? BindConcat(
        IEnumerable<StatementSyntax> body,
        BindContext context,
        SourceLocation location,
        bool isGridReduction,
        System.Func<BoundNode>? extraBranch)
    {
        if (context.InSequentialModule)
        {
            _diagnostics.Error(DiagnosticIds.MisplacedStatement, location, "branches cannot sit inside a named sequence; use a block or an anonymous '{ ... }' branch");
            return null;
        }

        var branches = new List<BoundNode>();
        foreach (var statement in body)
        {
            if (statement is OperationStatement { Operation.Text: "expect" or "aux_head" or "input" or "classes" } misplaced)
            {
                _diagnostics.Error(DiagnosticIds.MisplacedStatement, Locate(context.Path, misplaced.Position), $"'{misplaced.Operation.Text}' cannot be a branch; put it inside a '{{ ... }}' branch or after the concat");
                continue;
            }

            var nodes = BindStatement(statement, context).ToList();
            if (nodes.Count == 1)
            {
                branches.Add(nodes[0]);
            }
            else if (nodes.Count > 1)
            {
                branches.Add(new BoundSequence(string.Empty, false, nodes.ToEquatableArray(), Locate(context.Path, statement.Position)));
            }
        }

        if (extraBranch is not null)
        {
            branches.Add(extraBranch());
        }

        if (branches.Count == 0)
        {
            _diagnostics.Error(DiagnosticIds.BadArguments, location, "a concat needs at least one branch");
            return null;
        }

        return new BoundConcat(branches.ToEquatableArray(), isGridReduction, location);
    }

    /// <summary>
    /// reduce_grid: the given stride-2 branches plus a pooling branch, concatenated (the Rethinking paper's
    /// figure 10), which halves the grid while widening the filter bank without a representational bottleneck.
    /// </summary>
    private BoundNode? BindReduceGrid(OperationStatement statement, OptionReader options, BindContext context, SourceLocation location)
    {
        var kind = options.Word("pool") ?? "max";
        if (kind is not ("max" or "avg"))
        {
            _diagnostics.Error(DiagnosticIds.BadOptionValue, location, "option 'pool' must be 'max' or 'avg'");
            kind = "max";
        }

        var kernel = options.Pair("kernel", Pair.Square(3));
        var stride = options.Pair("stride", Pair.Square(2));
        var op = kind == "max" ? "maxpool" : "avgpool";
        return BindConcat(
            statement.Body!.Value,
            context,
            location,
            isGridReduction: true,
            () => new BoundPool(context.Scope.Generate(op), kind == "max" ? PoolKind.Max : PoolKind.Average, kernel, stride, Pair.Square(0), false, true, location));
    }

    private BoundNode? BindAuxHead(OperationStatement statement, OptionReader options, BindContext context, SourceLocation location)
    {
        var weight = options.Number("weight", null);
        if (weight is null)
        {
            _diagnostics.Error(DiagnosticIds.BadArguments, location, "'aux_head' needs its loss weight, e.g. 'aux_head weight=0.3 { ... }'");
            weight = 0;
        }

        if (statement.Names.Count == 0)
        {
            _diagnostics.Error(DiagnosticIds.BadArguments, location, "an aux_head needs a name, e.g. 'aux1 = aux_head weight=0.3 { ... }'");
            return null;
        }

        var body = statement.Body!.Value;
        var name = ClaimName(statement.Names[0], context);

        // A head whose body is one block call is that block's instance, so its weights sit at 'aux1.conv...'.
        if (body.Count == 1 && body[0] is CallStatement { Name: null } call)
        {
            var inner = context with { Scope = new ModuleScope(isSequential: false) };
            var bound = BindCall(call with { Name = new Identifier(name, call.Position) }, inner);
            return bound is null ? null : new BoundAuxHead(name, weight.Value, bound, location);
        }

        var headContext = context with { Scope = new ModuleScope(isSequential: false) };
        var items = BindBody(body, headContext, allowHeader: false);
        return new BoundAuxHead(name, weight.Value, new BoundSequence(name, true, items.ToEquatableArray(), location), location);
    }

    private IEnumerable<BoundNode> BindFactorize(FactorizeStatement statement, BindContext context)
    {
        var location = Locate(context.Path, statement.Position);
        var count = statement.Kernels.Count;
        if (statement.Channels.Count != count)
        {
            _diagnostics.Error(DiagnosticIds.BadArguments, location, $"factorize lists {count} kernel(s) but {statement.Channels.Count} output width(s)");
            return Enumerable.Empty<BoundNode>();
        }

        if (statement.Names.Count != 0 && statement.Names.Count != count)
        {
            _diagnostics.Error(DiagnosticIds.BadArguments, location, $"factorize makes {count} layers, so it takes {count} names or none");
            return Enumerable.Empty<BoundNode>();
        }

        if (statement.Size is not NumberExpression { IsInteger: true } size)
        {
            _diagnostics.Error(DiagnosticIds.BadArguments, Locate(context.Path, statement.Size.Position), "factorize takes the size of the kernel it replaces as a number, e.g. 'factorize 7 -> 1x7, 7x1'");
            return Enumerable.Empty<BoundNode>();
        }

        var kernels = statement.Kernels.Select(k => SemanticFacts.ReadPair(k)).ToList();
        if (kernels.Any(k => k is null))
        {
            _diagnostics.Error(DiagnosticIds.BadArguments, location, "factorize kernels are HxW sizes such as 1x7");
            return Enumerable.Empty<BoundNode>();
        }

        // The chain must see exactly the receptive field of the kernel it replaces: 1 + sum(k - 1) per axis.
        var field = new Pair(1 + kernels.Sum(k => k!.Value.Height - 1), 1 + kernels.Sum(k => k!.Value.Width - 1));
        var target = (int)size.Value;
        if (field != Pair.Square(target))
        {
            _diagnostics.Error(
                DiagnosticIds.FactorizationMismatch,
                location,
                $"the kernels {string.Join(", ", statement.Kernels)} cover a {field} receptive field, not the {target}x{target} they factorize");
        }

        _defaultsByFile[context.Path].TryGetValue("conv", out var defaults);
        var options = new OptionReader("factorize", statement.Options.OfType<OptionArgument>(), defaults, SemanticFacts.OptionsByOperation["conv"].Where(o => o != "pad" && o != "stride").ToArray(), context.Path, _diagnostics);
        var batchNorm = options.Bool("bn", false);
        var nodes = new List<BoundNode>();
        for (var i = 0; i < count; i++)
        {
            var kernel = kernels[i]!.Value;
            if (kernel.Height % 2 == 0 || kernel.Width % 2 == 0)
            {
                _diagnostics.Error(DiagnosticIds.InvalidPadding, location, $"factorize keeps the grid with 'same' padding, which needs odd kernels, not {kernel}");
            }

            CheckNames(statement.Channels[i], context.Parameters, context.Path);
            var name = statement.Names.Count > 0 ? ClaimName(statement.Names[i], context) : context.Scope.Generate("conv");
            nodes.Add(new BoundConv(
                name,
                statement.Channels[i],
                kernel,
                Pair.Square(1),
                new Pair(kernel.Height / 2, kernel.Width / 2),
                options.Bool("bias", !batchNorm),
                batchNorm ? options.Number("eps", 1e-5) : null,
                options.Bool("relu", false),
                options.Number("init_std", null),
                location));
        }

        return nodes;
    }

    /// <summary>Reads the positional arguments of one statement in order and reports missing or extra ones.</summary>
    private sealed class PositionalReader
    {
        private readonly Binder _binder;
        private readonly string _operation;
        private readonly List<ArgumentSyntax> _arguments;
        private readonly SourceLocation _location;
        private readonly BindContext _context;
        private int _next;
        private bool _failed;

        public PositionalReader(Binder binder, string operation, List<ArgumentSyntax> arguments, SourceLocation location, BindContext context)
        {
            _binder = binder;
            _operation = operation;
            _arguments = arguments;
            _location = location;
            _context = context;
        }

        public ExpressionSyntax? Expression(string what)
        {
            if (Take(what) is not { } argument)
            {
                return null;
            }

            if (argument is ValueArgument value)
            {
                _binder.CheckNames(value.Value, _context.Parameters, _context.Path);
                return value.Value;
            }

            return Fail(argument, what);
        }

        public Pair? Pair(string what)
        {
            var argument = Take(what);
            return argument is null ? null : SemanticFacts.ReadPair(argument) ?? FailPair(argument, what);
        }

        public double? Constant(string what) =>
            Take(what) switch
            {
                null => null,
                ValueArgument { Value: NumberExpression number } => number.Value,
                var other => FailNumber(other, what),
            };

        /// <summary>True when no argument was missing or malformed; reports any left over.</summary>
        public bool Complete()
        {
            if (_next < _arguments.Count)
            {
                var extra = _arguments[_next];
                _binder._diagnostics.Error(DiagnosticIds.BadArguments, Locate(_context.Path, extra.Position), $"'{_operation}' takes {_next} positional argument(s); unexpected '{Describe(extra)}'");
                return false;
            }

            return !_failed;
        }

        private ArgumentSyntax? Take(string what)
        {
            if (_next < _arguments.Count)
            {
                return _arguments[_next++];
            }

            _binder._diagnostics.Error(DiagnosticIds.BadArguments, _location, $"'{_operation}' needs its {what}");
            _failed = true;
            return null;
        }

        private ExpressionSyntax? Fail(ArgumentSyntax argument, string what)
        {
            _binder._diagnostics.Error(DiagnosticIds.BadArguments, Locate(_context.Path, argument.Position), $"'{_operation}' expects its {what} here, not '{Describe(argument)}'");
            _failed = true;
            return null;
        }

        private Pair? FailPair(ArgumentSyntax argument, string what)
        {
            Fail(argument, what);
            return null;
        }

        private double? FailNumber(ArgumentSyntax argument, string what)
        {
            Fail(argument, what);
            return null;
        }

        private static string Describe(ArgumentSyntax argument) => argument switch
        {
            DimensionsArgument d => d.ToString(),
            ValueArgument v => v.Value.ToString(),
            OptionArgument o => o.Name + "=...",
            _ => "?",
        };
    }
}
