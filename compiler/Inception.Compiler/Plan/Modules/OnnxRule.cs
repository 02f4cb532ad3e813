namespace Inception.Compiler.Plan.Modules;

/// <summary>
/// How a library module lowers to ONNX, as a short sequence of ONNX operators over the module's arguments and
/// its state_dict entries. The exporter interprets these few operators through <see cref="IOnnxRuleVisitor{T}"/>,
/// so a new module built from them exports with no edit to the exporter, and a new kind of rule does not compile
/// until every target that reads rules handles it.
/// </summary>
public abstract record OnnxRule
{
    /// <summary>Calls the <paramref name="visitor"/>'s method for this kind of rule.</summary>
    public abstract T Accept<T>(IOnnxRuleVisitor<T> visitor, T state);

    /// <summary>What int8 quantization does with the node this rule writes.</summary>
    public abstract Int8Role Int8 { get; }
}

/// <summary>One method per kind of <see cref="OnnxRule"/>: what a target does with each, given and returning its state.</summary>
public interface IOnnxRuleVisitor<T>
{
    T VisitConv(OnnxConv rule, T state);

    T VisitBatchNorm(OnnxBatchNorm rule, T state);

    T VisitRelu(OnnxRelu rule, T state);

    T VisitPool(OnnxPool rule, T state);

    T VisitAdaptiveAveragePool(OnnxAdaptiveAveragePool rule, T state);

    T VisitFlatten(OnnxFlatten rule, T state);

    T VisitIdentity(OnnxIdentity rule, T state);

    T VisitGemm(OnnxGemm rule, T state);
}

/// <summary><c>Conv</c> with the weights under <paramref name="Weights"/> (<c>""</c>, <c>conv</c>, <c>conv1</c>): the kernel from the weight's shape, the bias where the module has one.</summary>
/// <param name="Groups">The argument that holds the group count (a depthwise conv's is its input channels); null for 1.</param>
public sealed record OnnxConv(string Weights, ModuleArgument? Stride, ModuleArgument? Padding, ModuleArgument? Groups) : OnnxRule
{
    /// <inheritdoc />
    public override T Accept<T>(IOnnxRuleVisitor<T> visitor, T state) => visitor.VisitConv(this, state);

    /// <inheritdoc />
    public override Int8Role Int8 => Int8Role.WeightsPerChannel;
}

/// <summary><c>BatchNormalization</c> in inference form; one that directly follows an <see cref="OnnxConv"/> may be folded into it.</summary>
public sealed record OnnxBatchNorm(string Weights, ModuleArgument Epsilon) : OnnxRule
{
    /// <inheritdoc />
    public override T Accept<T>(IOnnxRuleVisitor<T> visitor, T state) => visitor.VisitBatchNorm(this, state);

    /// <inheritdoc />
    public override Int8Role Int8 => Int8Role.FoldsAsNormalization;
}

/// <summary><c>Relu</c>, always or where the flag argument is true.</summary>
public sealed record OnnxRelu(ModuleArgument? When) : OnnxRule
{
    /// <inheritdoc />
    public override T Accept<T>(IOnnxRuleVisitor<T> visitor, T state) => visitor.VisitRelu(this, state);

    /// <inheritdoc />
    public override Int8Role Int8 => Int8Role.FoldsAsClamp;
}

public enum OnnxPoolKind
{
    Max,
    Average,
}

/// <summary><c>MaxPool</c> or <c>AveragePool</c>; <paramref name="CountIncludePad"/> for an average pool (PyTorch counts padding by default, ONNX does not).</summary>
public sealed record OnnxPool(OnnxPoolKind Kind, ModuleArgument Kernel, ModuleArgument Stride, ModuleArgument Padding, ModuleArgument CeilMode, ModuleArgument? CountIncludePad) : OnnxRule
{
    /// <inheritdoc />
    public override T Accept<T>(IOnnxRuleVisitor<T> visitor, T state) => visitor.VisitPool(this, state);

    /// <inheritdoc />
    public override Int8Role Int8 => Kind == OnnxPoolKind.Max ? Int8Role.SharesScale : Int8Role.AveragesAsConvolution;
}

/// <summary>PyTorch's adaptive average pooling on the input grid the exporter knows: <c>GlobalAveragePool</c>, an <c>AveragePool</c>, or one mean per output cell.</summary>
public sealed record OnnxAdaptiveAveragePool(ModuleArgument OutputSize) : OnnxRule
{
    /// <inheritdoc />
    public override T Accept<T>(IOnnxRuleVisitor<T> visitor, T state) => visitor.VisitAdaptiveAveragePool(this, state);

    /// <inheritdoc />
    public override Int8Role Int8 => Int8Role.Float;
}

/// <summary><c>Flatten</c> from axis 1.</summary>
public sealed record OnnxFlatten : OnnxRule
{
    /// <inheritdoc />
    public override T Accept<T>(IOnnxRuleVisitor<T> visitor, T state) => visitor.VisitFlatten(this, state);

    /// <inheritdoc />
    public override Int8Role Int8 => Int8Role.SharesScale;
}

/// <summary>Nothing at inference (dropout).</summary>
public sealed record OnnxIdentity : OnnxRule
{
    /// <inheritdoc />
    public override T Accept<T>(IOnnxRuleVisitor<T> visitor, T state) => visitor.VisitIdentity(this, state);

    /// <inheritdoc />
    public override Int8Role Int8 => Int8Role.SharesScale;
}

/// <summary><c>Gemm</c> with the transposed weight under <paramref name="Weights"/>, and its bias (zeros without one).</summary>
public sealed record OnnxGemm(string Weights) : OnnxRule
{
    /// <inheritdoc />
    public override T Accept<T>(IOnnxRuleVisitor<T> visitor, T state) => visitor.VisitGemm(this, state);

    /// <inheritdoc />
    public override Int8Role Int8 => Int8Role.WeightsPerTensor;
}
