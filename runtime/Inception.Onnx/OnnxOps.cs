namespace Inception.Onnx;

/// <summary>The ONNX operators the exporter and the int8 rewriter write, each spelled once.</summary>
internal static class OnnxOps
{
    public const string Conv = nameof(Conv);
    public const string Gemm = nameof(Gemm);
    public const string Relu = nameof(Relu);
    public const string BatchNormalization = nameof(BatchNormalization);
    public const string MaxPool = nameof(MaxPool);
    public const string AveragePool = nameof(AveragePool);
    public const string GlobalAveragePool = nameof(GlobalAveragePool);
    public const string MatMul = nameof(MatMul);
    public const string Flatten = nameof(Flatten);
    public const string Concat = nameof(Concat);
    public const string Mul = nameof(Mul);
    public const string Add = nameof(Add);
    public const string Identity = nameof(Identity);
    public const string QuantizeLinear = nameof(QuantizeLinear);
    public const string DequantizeLinear = nameof(DequantizeLinear);
}
