using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;
using Inception.Compiler.Syntax;
using Inception.Compiler.Text;

namespace Inception.Compiler.Semantics;

public sealed partial class Binder
{
    private BoundNode? BindOperation(OperationStatement statement, BindContext context)
    {
        var op = statement.Operation.Text;
        var location = Locate(context.Path, statement.Position);
        var definition = OpCatalog.Find(op);
        if (definition is null && !SemanticFacts.StructuralOptions.ContainsKey(op))
        {
            _diagnostics.Report(Locate(context.Path, statement.Operation.Position), Errors.UnknownOperation(op, _blocks.ContainsKey(op), SemanticFacts.Keywords));
            return null;
        }

        if (statement.Names.Count > 1)
        {
            _diagnostics.Report(Locate(context.Path, statement.Names[1].Position), Errors.OneLayerOneName(op));
        }

        var hasBody = definition is null && op != "expect";
        if (hasBody != (statement.Body is not null))
        {
            _diagnostics.Report(location, Errors.BodyExpected(op, hasBody));
            return null;
        }

        if (op is "concat" or "reduce_grid" or "residual" && statement.Names.Count > 0)
        {
            _diagnostics.Report(Locate(context.Path, statement.Names[0].Position), Errors.NotAModule(op));
        }

        var positional = statement.Arguments.Where(a => a is not OptionArgument).ToList();
        if (definition is not null && NamesOptionParameter(statement.Arguments.OfType<OptionArgument>(), context))
        {
            // Its options are known per instance only: bind it when the IR builder has the arguments. Its
            // widths are checked now, so a name error is reported once, here, with the block's scope.
            foreach (var width in positional.OfType<ValueArgument>())
            {
                BindWidth(width.Value, context.Parameters, context.OptionParameters, context.Path, _diagnostics);
            }

            _defaultsByFile[context.Path].TryGetValue(op, out var fileDefaults);
            var name = statement.Names.Count > 0 ? ClaimName(statement.Names[0], context) : context.Scope.Generate(op);
            var defaults = (fileDefaults?.Values ?? Enumerable.Empty<OptionArgument>()).ToEquatableArray();
            return new BoundDeferredLayer(name, definition, statement, defaults, context.Parameters.ToEquatableArray(), location) { NameGenerated = statement.Names.Count == 0 };
        }

        if (definition is not null)
        {
            var arguments = Arguments(op, definition.Options, statement, positional, defaultsOf: op, location, context);
            var layer = definition.Bind(arguments);
            return layer is null ? null : new BoundLayer(statement.Names.Count > 0 ? ClaimName(statement.Names[0], context) : context.Scope.Generate(op), layer, location) { NameGenerated = statement.Names.Count == 0 };
        }

        switch (op)
        {
            case "expect":
                {
                    // 'expect CxHxW' for a feature map, 'expect F' for the flat features after a linear or flatten.
                    switch (positional.Count == 1 ? positional[0] : null)
                    {
                        case DimensionsArgument { Sizes: { Count: 3 } sizes } when sizes.All(s => s >= 1):
                            return new BoundExpect(new Shape(sizes[0], sizes[1], sizes[2]), location);
                        case ValueArgument { Value: NumberExpression { Value: >= 1 and <= int.MaxValue and var features } } when features == Math.Floor(features):
                            return new BoundExpect(Shape.Features((int)features), location);
                        default:
                            _diagnostics.Report(location, Errors.ExpectTakesOneShape());
                            return null;
                    }
                }

            case "concat":
                return NoPositional(op, positional, context) ? BindConcat(statement.Body!.Value, context, location, isGridReduction: false, extraBranch: null) : null;
            case "reduce_grid":
                return NoPositional(op, positional, context) ? BindReduceGrid(statement, context, location) : null;
            case "residual":
                return NoPositional(op, positional, context) ? BindResidual(statement, context, location) : null;
            case "shortcut":
                _diagnostics.Report(location, Errors.ShortcutOutsideResidual());
                return null;
            default:
                return NoPositional(op, positional, context) ? BindAuxHead(statement, context, location) : null;
        }
    }

    /// <summary>The reader of one statement's arguments, with the defaults the file sets for <paramref name="defaultsOf"/>.</summary>
    private OpArguments Arguments(
        string keyword,
        IReadOnlyCollection<string> allowed,
        OperationStatement statement,
        IReadOnlyList<ArgumentSyntax> positional,
        string defaultsOf,
        SourceLocation location,
        BindContext context)
    {
        _defaultsByFile[context.Path].TryGetValue(defaultsOf, out var defaults);
        var options = new OptionReader(keyword, statement.Arguments.OfType<OptionArgument>(), defaults, allowed, context.Path, _diagnostics);
        return new OpArguments(keyword, positional, options, e => BindWidth(e, context.Parameters, context.OptionParameters, context.Path, _diagnostics), location, _diagnostics);
    }

    private bool NoPositional(string op, IReadOnlyList<ArgumentSyntax> positional, BindContext context)
    {
        if (positional.Count == 0)
        {
            return true;
        }

        _diagnostics.Report(Locate(context.Path, positional[0].Position), Errors.NoPositionalArguments(op));
        return false;
    }

    private BoundNode? BindConcat(
        IEnumerable<StatementSyntax> body,
        BindContext context,
        SourceLocation location,
        bool isGridReduction,
        System.Func<BoundNode?>? extraBranch)
    {
        if (context.InSequentialModule)
        {
            _diagnostics.Report(location, Errors.BranchesInNamedSequence());
            return null;
        }

        var branches = new List<BoundNode>();
        foreach (var statement in body)
        {
            if (statement is OperationStatement { Operation.Text: "expect" or "aux_head" or "input" or "classes" } misplaced)
            {
                _diagnostics.Report(Locate(context.Path, misplaced.Position), Errors.NotABranch(misplaced.Operation.Text));
                continue;
            }

            var nodes = BindStatement(statement, context).ToList();
            if (nodes.Count == 1)
            {
                branches.Add(nodes[0]);
            }
            else if (nodes.Count > 1 || statement is SequenceStatement { Name: null, Body.Count: 0 })
            {
                // An empty branch is the identity, as an empty torch Sequential is: the input passes through.
                branches.Add(new BoundSequence(string.Empty, false, nodes.ToEquatableArray(), Locate(context.Path, statement.Position)));
            }
        }

        if (extraBranch?.Invoke() is { } extra)
        {
            branches.Add(extra);
        }

        if (branches.Count == 0)
        {
            _diagnostics.Report(location, Errors.ConcatNeedsBranch());
            return null;
        }

        return new BoundConcat(branches.ToEquatableArray(), isGridReduction, location);
    }

    /// <summary>
    /// reduce_grid: the given stride-2 branches plus a pooling branch, concatenated (the Rethinking paper's
    /// figure 10), which halves the grid while widening the filter bank without a representational bottleneck.
    /// The pool takes the file's defaults for its kind, then the statement's own options.
    /// </summary>
    private BoundNode? BindReduceGrid(OperationStatement statement, BindContext context, SourceLocation location)
    {
        var explicitKind = statement.Arguments.OfType<OptionArgument>().LastOrDefault(o => o.Name == "pool");
        if (explicitKind?.Value is ValueArgument { Value: NameExpression named } && context.OptionParameters.Contains(named.Name))
        {
            // The kind comes from a block parameter: the pool is a 'pool kind=...' bound per instance.
            var deferred = DeferredGridPool(statement, context, location);
            return deferred is null ? null : BindConcat(statement.Body!.Value, context, location, isGridReduction: true, () => deferred);
        }

        var kind = explicitKind?.Value is ValueArgument { Value: NameExpression word } ? word.Name : explicitKind is null ? "max" : null;
        if (kind is not ("max" or "avg"))
        {
            _diagnostics.Report(Locate(context.Path, explicitKind!.Value.Position), Errors.BadOptionValue("pool", "'max' or 'avg'"));
            kind = "max";
        }

        var op = kind == "max" ? "maxpool" : "avgpool";
        var arguments = Arguments("reduce_grid", SemanticFacts.StructuralOptions["reduce_grid"], statement, new ArgumentSyntax[0], defaultsOf: op, location, context);
        var kernel = arguments.Options.Pair("kernel", Pair.Square(3));
        if (kernel.Height < 1 || kernel.Width < 1)
        {
            arguments.Report(Errors.PoolKernelBelowOne(kernel));
            kernel = Pair.Square(3);
        }

        var pool = Pool.Settings(kind == "max" ? PoolKind.Max : PoolKind.Average, kernel, Pair.Square(2), arguments);
        return BindConcat(
            statement.Body!.Value,
            context,
            location,
            isGridReduction: true,
            () => pool is null ? null : new BoundLayer(context.Scope.Generate(op), pool, location) { NameGenerated = true });
    }

    /// <summary>reduce_grid's pooling branch as the statement <c>pool KxK kind=... stride=2 ...</c>, bound per instance.</summary>
    private BoundNode? DeferredGridPool(OperationStatement statement, BindContext context, SourceLocation location)
    {
        var options = statement.Arguments.OfType<OptionArgument>().ToList();
        var unknown = options.FirstOrDefault(o => !SemanticFacts.StructuralOptions["reduce_grid"].Contains(o.Name));
        if (unknown is not null)
        {
            _diagnostics.Report(Locate(context.Path, unknown.Position), Errors.UnknownOption("reduce_grid", unknown.Name, "known options: " + string.Join(", ", SemanticFacts.StructuralOptions["reduce_grid"])));
            return null;
        }

        var kernel = options.LastOrDefault(o => o.Name == "kernel")?.Value ?? new DimensionsArgument(new[] { 3, 3 }.ToEquatableArray(), statement.Position);
        var arguments = new List<ArgumentSyntax> { kernel };
        arguments.AddRange(options.Where(o => o.Name is not ("kernel" or "stride")).Select(o => o.Name == "pool" ? o with { Name = "kind" } : o));
        arguments.Add(options.LastOrDefault(o => o.Name == "stride") ?? new OptionArgument("stride", new DimensionsArgument(new[] { 2 }.ToEquatableArray(), statement.Position), statement.Position));
        var pool = new OperationStatement(EquatableArray<Identifier>.Empty, statement.Operation with { Text = "pool" }, arguments.ToEquatableArray(), null, statement.Position);
        return new BoundDeferredLayer(context.Scope.Generate("pool"), Pool.Any, pool, EquatableArray<OptionArgument>.Empty, context.Parameters.ToEquatableArray(), location) { NameGenerated = true };
    }

    private BoundNode? BindAuxHead(OperationStatement statement, BindContext context, SourceLocation location)
    {
        var options = new OptionReader("aux_head", statement.Arguments.OfType<OptionArgument>(), null, SemanticFacts.StructuralOptions["aux_head"], context.Path, _diagnostics);
        var weight = options.Number("weight", null);
        if (weight is null)
        {
            _diagnostics.Report(location, Errors.AuxHeadNeedsWeight());
            weight = 0;
        }
        else if (weight is < 0 or > 1e6 || double.IsNaN(weight.Value))
        {
            _diagnostics.Report(options.Locate(options.Raw("weight")!.Value.Position), Errors.AuxWeightOutOfRange());
        }

        if (statement.Names.Count == 0)
        {
            _diagnostics.Report(location, Errors.AuxHeadNeedsName());
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
            _diagnostics.Report(location, Errors.FactorizeCounts(count, statement.Channels.Count));
            return Enumerable.Empty<BoundNode>();
        }

        if (statement.Names.Count != 0 && statement.Names.Count != count)
        {
            _diagnostics.Report(location, Errors.FactorizeNames(count));
            return Enumerable.Empty<BoundNode>();
        }

        if (statement.Size is not NumberExpression { IsInteger: true, Value: >= 1 and <= 1 << 20 } size)
        {
            _diagnostics.Report(Locate(context.Path, statement.Size.Position), Errors.FactorizeSizeNotANumber());
            return Enumerable.Empty<BoundNode>();
        }

        var kernels = statement.Kernels.Select(k => SemanticFacts.ReadPair(k)).ToList();
        if (kernels.Any(k => k is null || k.Value.Height < 1 || k.Value.Width < 1))
        {
            _diagnostics.Report(location, Errors.FactorizeKernelNotASize());
            return Enumerable.Empty<BoundNode>();
        }

        // The chain must see exactly the receptive field of the kernel it replaces: 1 + sum(k - 1) per axis.
        var field = new Pair(1 + kernels.Sum(k => k!.Value.Height - 1), 1 + kernels.Sum(k => k!.Value.Width - 1));
        var target = (int)size.Value;
        if (field != Pair.Square(target))
        {
            _diagnostics.Report(location, Errors.FactorizationChangesField(string.Join(", ", statement.Kernels), field, target));
        }

        _defaultsByFile[context.Path].TryGetValue("conv", out var defaults);
        var allowed = SemanticFacts.OptionSpecs("factorize").Select(o => o.Name).ToArray();
        var options = new OptionReader("factorize", statement.Options.OfType<OptionArgument>(), defaults, allowed, context.Path, _diagnostics);
        var arguments = new OpArguments("factorize", new ArgumentSyntax[0], options, e => BindWidth(e, context.Parameters, context.OptionParameters, context.Path, _diagnostics), location, _diagnostics);
        var batchNorm = options.Bool("bn", false);
        var nodes = new List<BoundNode>();
        for (var i = 0; i < count; i++)
        {
            var kernel = kernels[i]!.Value;
            if (kernel.Height % 2 == 0 || kernel.Width % 2 == 0)
            {
                _diagnostics.Report(location, Errors.FactorizeNeedsOddKernels(kernel));
            }

            var channels = BindWidth(statement.Channels[i], context.Parameters, context.OptionParameters, context.Path, _diagnostics);
            var name = statement.Names.Count > 0 ? ClaimName(statement.Names[i], context) : context.Scope.Generate("conv");
            if (channels is null)
            {
                continue;
            }

            var conv = new ConvOp(
                channels,
                kernel,
                Pair.Square(1),
                new Pair(kernel.Height / 2, kernel.Width / 2),
                options.Bool("bias", !batchNorm),
                batchNorm ? arguments.Epsilon(1e-5) : null,
                options.Bool("relu", false),
                arguments.InitialStd());
            nodes.Add(new BoundLayer(name, conv, location) { NameGenerated = statement.Names.Count == 0 });
        }

        return nodes;
    }
}
