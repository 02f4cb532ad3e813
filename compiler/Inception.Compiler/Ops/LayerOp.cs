using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.IR;

namespace Inception.Compiler.Ops;

/// <summary>The settings of one leaf layer, every one resolved; widths stay symbolic over block parameters.</summary>
public abstract record LayerOp : IrOp
{
    /// <summary>The one place that knows this op: schema, validation, shape, cost and lowering.</summary>
    public abstract OpDefinition Definition { get; }

    public sealed override IrKind Kind => IrKind.Layer;

    public sealed override string Keyword => Definition.Keyword;

    public sealed override string Detail(Shape input, Shape output) => Definition.Describe(this, input, output);
}

/// <summary>Parameters and multiply-accumulates of one layer (see <see cref="OpDefinition.Cost"/> for the conventions).</summary>
public readonly record struct Cost(long Parameters, long Macs)
{
    public static Cost None => default;
}

/// <summary>A weight to draw from a truncated normal at initialisation: the module path under the layer, and the stddev.</summary>
public sealed record WeightInitializer(string Suffix, double? Std);

/// <summary>
/// Everything about one op of the language, in one place: its keyword and options (the schema), how its
/// statement binds and is validated, its shape rule, its cost rule, and its lowering to modules. The binder,
/// IR builder and plan builder are generic over these; adding a leaf op means adding a definition here.
/// Cost conventions: parameters are trainable parameters (batch-norm running statistics are buffers); MACs
/// count conv and linear multiply-accumulates only, as torchvision's "GFLOPS" do; FLOPs are 2 x MACs.
/// </summary>
public abstract class OpDefinition
{
    public abstract string Keyword { get; }

    /// <summary>How the op is written, e.g. <c>conv OUT KxK [stride=S] ...</c>.</summary>
    public virtual string Synopsis => Keyword;

    /// <summary>What the op does, in one line, for hover and completion.</summary>
    public virtual string Summary => string.Empty;

    /// <summary>The <c>name=value</c> options the op accepts, with their defaults and meaning.</summary>
    public virtual IReadOnlyList<OptionSpec> OptionSpecs => new OptionSpec[0];

    private IReadOnlyList<string>? _options;

    /// <summary>The names of <see cref="OptionSpecs"/>; made once, since the binder asks for every layer.</summary>
    public IReadOnlyList<string> Options => _options ??= OptionSpecs.Select(o => o.Name).ToArray();

    /// <summary>Whether a <c>defaults</c> section may set this op's options.</summary>
    public virtual bool TakesDefaults => false;

    /// <summary>Whether the op's output is a flat N x F tensor (a later linear needs no flatten, a batch norm is 1-d).</summary>
    public virtual bool FlattensOutput => false;

    /// <summary>
    /// Whether the op also takes a flat N x F tensor; ops that slide a window over a grid (convolutions, pools)
    /// take only an N x C x H x W map, and the IR builder reports a flat input to them where it is written.
    /// </summary>
    public virtual bool TakesFlatInput => false;

    internal abstract LayerOp? Bind(OpArguments arguments);

    internal abstract Shape? InferShape(LayerOp op, ShapeContext context);

    public abstract Cost Cost(LayerOp op, Shape input, Shape output);

    public abstract string Describe(LayerOp op, Shape input, Shape output);

    internal abstract LayerLowering? Lower(LayerOp op, LoweringContext context);

    public virtual IEnumerable<WeightInitializer> Initializers(LayerOp op) => new WeightInitializer[0];

    /// <summary>
    /// Every option of <see cref="OptionSpecs"/> with the value this layer has, defaults and the file's
    /// <c>defaults</c> applied, in the language's words (for an editor's hover).
    /// </summary>
    public virtual IEnumerable<KeyValuePair<string, string>> ResolvedOptions(LayerOp op) => new KeyValuePair<string, string>[0];
}

/// <summary>An <see cref="OpDefinition"/> for one op record type.</summary>
public abstract class OpDefinition<TOp> : OpDefinition
    where TOp : LayerOp
{
    internal sealed override LayerOp? Bind(OpArguments arguments) => BindOp(arguments);

    internal sealed override Shape? InferShape(LayerOp op, ShapeContext context) => InferShape((TOp)op, context);

    public sealed override Cost Cost(LayerOp op, Shape input, Shape output) => Cost((TOp)op, input, output);

    public sealed override string Describe(LayerOp op, Shape input, Shape output) => Describe((TOp)op, input, output);

    internal sealed override LayerLowering? Lower(LayerOp op, LoweringContext context) => Lower((TOp)op, context);

    public sealed override IEnumerable<WeightInitializer> Initializers(LayerOp op) => Initializers((TOp)op);

    public sealed override IEnumerable<KeyValuePair<string, string>> ResolvedOptions(LayerOp op) => ResolvedOptions((TOp)op);

    protected virtual IEnumerable<KeyValuePair<string, string>> ResolvedOptions(TOp op) => new KeyValuePair<string, string>[0];

    protected static KeyValuePair<string, string> Resolved(string option, string value) => new(option, value);

    protected static string Truth(bool value) => value ? "true" : "false";

    /// <summary>An initial stddev, or what happens without one.</summary>
    protected static string Std(double? std) => std is { } value ? OpText.Decimal(value) : "default";

    internal abstract TOp? BindOp(OpArguments arguments);

    internal abstract Shape? InferShape(TOp op, ShapeContext context);

    protected virtual Cost Cost(TOp op, Shape input, Shape output) => Ops.Cost.None;

    protected abstract string Describe(TOp op, Shape input, Shape output);

    internal abstract LayerLowering? Lower(TOp op, LoweringContext context);

    protected virtual IEnumerable<WeightInitializer> Initializers(TOp op) => new WeightInitializer[0];
}
