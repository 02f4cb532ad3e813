namespace Inception.Onnx;

/// <summary>How <see cref="OnnxExport"/> writes a model.</summary>
/// <param name="FoldBatchNorm">Fold each conv's own batch norm (a BasicConv2d) into the conv's weights and bias; otherwise keep BatchNormalization nodes.</param>
/// <param name="SourcePath">The .incept file, recorded with its SHA-256 in the model's metadata when given.</param>
public sealed record OnnxExportOptions(bool FoldBatchNorm = true, string? SourcePath = null)
{
    /// <summary>Static int8 quantization with its calibration images; null writes fp32. Batch norms are folded first whatever <see cref="FoldBatchNorm"/> says.</summary>
    public Quantization.OnnxQuantization? Quantization { get; init; }

    /// <summary>How inputs must be prepared (scaling, standardization), recorded as the metadata <c>input_normalization</c> when given.</summary>
    public string? InputNormalization { get; init; }

    /// <summary>The opset the exported graph uses; every op it writes exists unchanged since opset 13.</summary>
    public const int Opset = 13;

    /// <summary>ONNX IR version 7 is the one that goes with opset 13.</summary>
    public const int IrVersion = 7;
}

/// <summary>What an export wrote.</summary>
/// <param name="Bytes">The model's size.</param>
/// <param name="Fp32Bytes">Its size in fp32, before any quantization (equal to <paramref name="Bytes"/> without it).</param>
/// <param name="QuantizedNodes">Convolutions and Gemms given int8 weights; 0 in fp32.</param>
public sealed record OnnxExportResult(long Bytes, long Fp32Bytes, int QuantizedNodes);
