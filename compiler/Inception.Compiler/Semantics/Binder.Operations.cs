using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;
using Inception.Compiler.Syntax;

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
        if (definition is not null)
        {
            var arguments = ReadArguments(statement.Arguments, defaultsOf: op, context);
            if (arguments.HasHoles)
            {
                // Its options are known per instance only: a template whose holes the IR builder fills. What
                // does not depend on the instance is checked now, once for the block: widths and option names.
                foreach (var value in arguments.Positional)
                {
                    _diagnostics.AddRange(value.WidthErrors);
                }

                var template = arguments with
                {
                    Positional = arguments.Positional.Select(p => p with { WidthErrors = EquatableArray<Diagnostic>.Empty }).ToEquatableArray(),
                    Options = OptionReader.Known(op, arguments.Options, definition.Options, _diagnostics).ToEquatableArray(),
                };
                var name = statement.Names.Count > 0 ? ClaimName(statement.Names[0], context) : context.Scope.Generate(op);
                return new BoundDeferredLayer(name, definition, template, location) { NameGenerated = statement.Names.Count == 0 };
            }

            var layer = definition.Bind(OpArguments.Of(op, definition.Options, arguments, location, _diagnostics));
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
        var options = ReadOptions(statement.Arguments, context);
        var explicitKind = options.LastOrDefault(o => o.Name == "pool");
        if (explicitKind?.Value.Parameter is not null)
        {
            // The kind comes from a block parameter: the pool is a 'pool kind=...' bound per instance.
            var deferred = DeferredGridPool(options, context, location);
            return deferred is null ? null : BindConcat(statement.Body!.Value, context, location, isGridReduction: true, () => deferred);
        }

        var kind = explicitKind is null ? "max" : explicitKind.Value.Word;
        if (kind is not ("max" or "avg"))
        {
            _diagnostics.Report(explicitKind!.Value.Location, Errors.BadOptionValue("pool", "'max' or 'avg'"));
            kind = "max";
        }

        var op = kind == "max" ? "maxpool" : "avgpool";
        var allowed = SemanticFacts.StructuralOptions["reduce_grid"];
        var arguments = OpArguments.Of("reduce_grid", allowed, new BoundArguments(EquatableArray<BoundValue>.Empty, options, FileDefaults(op, context.Path)), location, _diagnostics);
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

    /// <summary>reduce_grid's pooling branch as the template <c>pool KxK kind=... stride=2 ...</c>, bound per instance.</summary>
    private BoundNode? DeferredGridPool(EquatableArray<BoundOptionArgument> given, BindContext context, SourceLocation location)
    {
        var options = OptionReader.Known("reduce_grid", given, SemanticFacts.StructuralOptions["reduce_grid"], _diagnostics).ToList();
        if (options.Count != given.Count)
        {
            return null;
        }

        var kernel = options.LastOrDefault(o => o.Name == "kernel")?.Value ?? BoundValue.OfDimensions(new[] { 3, 3 }, "3x3", location);
        var stride = options.LastOrDefault(o => o.Name == "stride") ?? new BoundOptionArgument("stride", BoundValue.OfDimensions(new[] { 2 }, "2", location), location);
        var poolOptions = options
            .Where(o => o.Name is not ("kernel" or "stride"))
            .Select(o => o.Name == "pool" ? o with { Name = "kind" } : o)
            .Concat(new[] { stride });
        var arguments = new BoundArguments(new[] { kernel }.ToEquatableArray(), poolOptions.ToEquatableArray(), EquatableArray<BoundOptionArgument>.Empty);
        return new BoundDeferredLayer(context.Scope.Generate("pool"), Pool.Any, arguments, location) { NameGenerated = true };
    }

    private BoundNode? BindAuxHead(OperationStatement statement, BindContext context, SourceLocation location)
    {
        var options = new OptionReader("aux_head", ReadOptions(statement.Arguments, context), null, SemanticFacts.StructuralOptions["aux_head"], _diagnostics);
        var weight = options.Number("weight", null);
        if (weight is null)
        {
            _diagnostics.Report(location, Errors.AuxHeadNeedsWeight());
            weight = 0;
        }
        else if (weight is < 0 or > 1e6 || double.IsNaN(weight.Value))
        {
            _diagnostics.Report(options.Raw("weight")!.Value.Location, Errors.AuxWeightOutOfRange());
        }

        if (statement.Names.Count == 0)
        {
            _diagnostics.Report(location, Errors.AuxHeadNeedsName());
            return null;
        }

        if (context.InBlock)
        {
            // Reported where the block is written, whether or not a network calls it.
            _diagnostics.Report(location, Errors.AuxHeadInBlock());
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

        var allowed = SemanticFacts.OptionSpecs("factorize").Select(o => o.Name).ToArray();
        var read = new BoundArguments(EquatableArray<BoundValue>.Empty, ReadOptions(statement.Options, context), FileDefaults("conv", context.Path));
        var arguments = OpArguments.Of("factorize", allowed, read, location, _diagnostics);
        var options = arguments.Options;
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
