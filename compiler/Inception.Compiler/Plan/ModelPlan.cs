using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;

namespace Inception.Compiler.Plan;

public enum ClassKind
{
    Network,
    Block,

    /// <summary>An auxiliary head written inline (not as one block call): a class of its own without parameters.</summary>
    InlineHead,
}

/// <summary>
/// The target-neutral plan of one network: a class per block definition (and per inline auxiliary head), each
/// with its constructor parameters, children, forward steps and initialisation table; the network's class.
/// Printers print it and the run-time builder interprets it; neither looks at syntax, bound trees or the IR.
/// </summary>
public sealed record ModelPlan(
    string Name,
    string SourcePath,
    Shape Input,
    int Classes,
    long Parameters,
    long AuxParameters,
    long Macs,
    ClassPlan Network,
    EquatableArray<ClassPlan> Blocks,
    EquatableArray<AuxHeadPlan> AuxHeads);

/// <param name="Key">Unique among a file's classes: the block name (with its option values), or <c>head:NETWORK.NAME</c> for an inline head.</param>
/// <param name="Name">The .incept name: the block's, the network's or the head's.</param>
/// <param name="Variant">For a block with option parameters, their values in this class (<c>scale=1, relu=false</c>); else empty.</param>
/// <param name="Parameters">The block's width parameters, after the implicit input channels.</param>
/// <param name="TakesClasses">Whether the class needs the class count (some width under it mentions <c>classes</c>).</param>
/// <param name="Output">The output width in terms of the parameters (and <see cref="ChannelExpression.InChannels"/>).</param>
/// <param name="InitialStds">The initial stddev of each weight the class declares itself, by path relative to the class.</param>
public sealed partial record ClassPlan(
    string Key,
    string Name,
    string Variant,
    ClassKind Kind,
    EquatableArray<string> Parameters,
    bool TakesClasses,
    EquatableArray<PlanChild> Children,
    EquatableArray<PlanStep> Forward,
    ChannelExpression Output,
    EquatableArray<InitialStd> InitialStds,
    SourceLocation Location);

/// <param name="Optional">Built only when auxiliary heads are on.</param>
public sealed record PlanChild(string Name, ModuleSpec Module, SourceLocation Location, bool Optional)
{
    /// <summary>Whether the file leaves the layer unnamed (the compiler made its name up).</summary>
    public bool NameGenerated { get; init; }
}

/// <summary>
/// One instruction of a forward. The kinds are closed: each implements <see cref="Accept{T}"/>, so a new kind
/// needs a new method on <see cref="IPlanStepVisitor{T}"/>, and every consumer (through
/// <see cref="ForwardWalker{T}"/>) fails to compile until it handles it.
/// </summary>
public abstract record PlanStep
{
    private protected PlanStep()
    {
    }

    public abstract T Accept<T>(IPlanStepVisitor<T> visitor, T input);
}

/// <summary>
/// <c>x = relu?(modules[n-1](...modules[0](flatten?(x))))</c>: a layer whose lowering is one module, or a module
/// followed by its companion (a linear layer's batch norm).
/// </summary>
public sealed record CallStep(EquatableArray<string> Modules, bool FlattenInput, bool ReluAfter, StepShape? Output) : PlanStep
{
    public override T Accept<T>(IPlanStepVisitor<T> visitor, T input) => visitor.VisitCall(this, input);
}

/// <summary>Branches on the same input, concatenated along channels.</summary>
public sealed record ConcatStep(EquatableArray<PlanBranch> Branches, StepShape? Output) : PlanStep
{
    public override T Accept<T>(IPlanStepVisitor<T> visitor, T input) => visitor.VisitConcat(this, input);
}

/// <summary>The tensor after a step, known where the class has one instance: N x C x H x W, or N x F once flat.</summary>
public sealed record StepShape(Shape Shape);

/// <param name="Label">A name for the branch's tensor: its layer's, or its last named layer's without the step suffix.</param>
public sealed record PlanBranch(string Label, EquatableArray<PlanStep> Steps);

/// <summary>
/// <c>x = relu?(body(x) * scale + shortcut(x))</c>, the order timm's Inception-ResNet blocks compute it in;
/// an empty shortcut is the identity.
/// </summary>
public sealed record ResidualStep(EquatableArray<PlanStep> Body, EquatableArray<PlanStep> Shortcut, double Scale, bool Relu, StepShape? Output) : PlanStep
{
    public override T Accept<T>(IPlanStepVisitor<T> visitor, T input) => visitor.VisitResidual(this, input);
}

/// <summary>Feeds an auxiliary head and records its logits with the loss weight; the main path goes on with the same tensor.</summary>
public sealed record AuxStep(string Child, double LossWeight) : PlanStep
{
    public override T Accept<T>(IPlanStepVisitor<T> visitor, T input) => visitor.VisitAux(this, input);
}

public sealed record AuxHeadPlan(string Name, double LossWeight);

/// <summary>The stddev of the truncated normal a weight starts from (null: the library default), by module path within its class.</summary>
public sealed record InitialStd(string Path, double? Std);
