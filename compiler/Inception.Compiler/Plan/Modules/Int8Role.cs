namespace Inception.Compiler.Plan.Modules;

/// <summary>
/// What int8 quantization does with an ONNX node. Each <see cref="OnnxRule"/> declares its own, and the exporter
/// declares the nodes of plan steps (concat, a residual's sum and scale), so the QDQ rewriter reads what a node
/// is instead of matching operator names.
/// </summary>
public enum Int8Role
{
    /// <summary>Computes in fp32 between a DequantizeLinear and a QuantizeLinear: a residual's sum, an averaging MatMul, a global average pool.</summary>
    Float,

    /// <summary>Its weight (input 1) int8 per output channel, its bias int32: a convolution.</summary>
    WeightsPerChannel,

    /// <summary>Its weight int8 per tensor, its bias int32: a Gemm.</summary>
    WeightsPerTensor,

    /// <summary>Moves values without changing them: the inputs it alone reads share its output's scale (concat, max pool, flatten).</summary>
    SharesScale,

    /// <summary>A ReLU: taken out, its producer writes its output, whose range starts at 0, so zero point 0 clamps as it did.</summary>
    FoldsAsClamp,

    /// <summary>A batch norm: folded into the weights of a convolution that alone feeds it; fp32 otherwise.</summary>
    FoldsAsNormalization,

    /// <summary>A product with a constant (a residual's scale): folded into the weights of a convolution that alone feeds it; fp32 otherwise.</summary>
    FoldsAsScale,

    /// <summary>An average pool: run as a depthwise convolution of weights 1/(kh x kw) where that is exact, so int8 too; fp32 otherwise.</summary>
    AveragesAsConvolution,
}
