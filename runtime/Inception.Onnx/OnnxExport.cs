using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Google.Protobuf;
using Inception.Compiler.Plan;
using Inception.Onnx.Proto;
using Inception.Runtime.IO;
using static TorchSharp.torch;

namespace Inception.Onnx;

/// <summary>
/// Exports a network built from a .incept file (a generated class or a run-time network) to ONNX, from .NET:
/// the graph comes from the network's module plan, the initializers from the model's state_dict, named by
/// their keys. The input's batch dimension is dynamic (<c>N</c>); the output is the logits.
/// </summary>
public static class OnnxExport
{
    /// <summary>
    /// Writes the ONNX file atomically: the whole model is built first, so a weight the plan needs and the
    /// model lacks fails before anything is written, and the file is replaced only once it is complete.
    /// </summary>
    public static OnnxExportResult Save(nn.Module model, ModelPlan plan, string path, OnnxExportOptions? options = null)
    {
        var (proto, result) = Export(model, plan, options);
        AtomicFile.WriteAllBytes(path, proto.ToByteArray());
        return result;
    }

    /// <summary>Writes the ONNX model to a stream (standard output), built completely before the first byte.</summary>
    public static OnnxExportResult Write(nn.Module model, ModelPlan plan, System.IO.Stream stream, OnnxExportOptions? options = null)
    {
        var (proto, result) = Export(model, plan, options);
        var bytes = proto.ToByteArray();
        stream.Write(bytes, 0, bytes.Length);
        stream.Flush();
        return result;
    }

    /// <summary>The model's parameters, auxiliary heads left out (they are not exported).</summary>
    private static long InferenceParameters(nn.Module model, ModelPlan plan) =>
        model.named_parameters()
            .Where(p => !plan.AuxHeads.Any(h => p.name.StartsWith(h.Name + ".", StringComparison.Ordinal)))
            .Sum(p => p.parameter.numel());

    /// <summary>The ONNX model in memory: opset <see cref="OnnxExportOptions.Opset"/>, with the network's facts as metadata.</summary>
    internal static ModelProto ToModel(nn.Module model, ModelPlan plan, OnnxExportOptions? options = null) => Export(model, plan, options).Model;

    private static (ModelProto Model, OnnxExportResult Result) Export(nn.Module model, ModelPlan plan, OnnxExportOptions? options)
    {
        options ??= new OnnxExportOptions();
        if (options.Quantization is not null && !options.FoldBatchNorm)
        {
            // A batch norm folded into its conv is quantized with it; a separate one would stay fp32 between two requantizations.
            options = options with { FoldBatchNorm = true };
        }

        var weights = model.state_dict();
        var exporter = new PlanExporter(plan, weights, options.FoldBatchNorm);
        var graph = exporter.Build();
        var proto = new ModelProto
        {
            IrVersion = OnnxExportOptions.IrVersion,
            ProducerName = "Inception.Dsl",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = $"{plan.Name} from {plan.SourcePath}: the inference path (auxiliary heads left out){(options.FoldBatchNorm ? ", batch norms folded into their convs" : string.Empty)}",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxExportOptions.Opset });
        Metadata(proto, "network", plan.Name);
        Metadata(proto, "input", plan.Input.ToString());
        Metadata(proto, "classes", plan.Classes.ToString(CultureInfo.InvariantCulture));
        // Counted on what is exported: a network built with --classes has its own plan, and so its own counts.
        Metadata(proto, "parameters", InferenceParameters(model, plan).ToString(CultureInfo.InvariantCulture));
        Metadata(proto, "macs", plan.Macs.ToString(CultureInfo.InvariantCulture));
        Metadata(proto, "batch_norm_folded", options.FoldBatchNorm ? "true" : "false");
        if (options.InputNormalization is { } normalization)
        {
            Metadata(proto, "input_normalization", normalization);
        }

        var fp32Bytes = proto.CalculateSize();
        var quantizedNodes = options.Quantization is { } quantization ? Quantize(proto, exporter.Roles, quantization) : 0;

        var source = options.SourcePath ?? plan.SourcePath;
        Metadata(proto, "incept_file", Path.GetFileName(source));
        if (File.Exists(source))
        {
            using var sha = SHA256.Create();
            Metadata(proto, "incept_sha256", string.Concat(sha.ComputeHash(File.ReadAllBytes(source)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture))));
        }

        return (proto, new OnnxExportResult(proto.CalculateSize(), fp32Bytes, quantizedNodes));
    }

    /// <summary>Calibrates the fp32 graph, rewrites it in QDQ form, and records how in the metadata.</summary>
    private static int Quantize(ModelProto proto, System.Collections.Generic.IReadOnlyDictionary<string, Inception.Compiler.Plan.Modules.Int8Role> roles, Quantization.OnnxQuantization quantization)
    {
        if (quantization.Calibration.Count == 0)
        {
            throw new ArgumentException("int8 quantization needs at least one calibration image");
        }

        var ranges = Quantization.Calibrator.Ranges(proto, quantization, out var channels);
        var (graph, quantized) = Quantization.QdqRewriter.Rewrite(proto.Graph, roles, ranges, channels);
        proto.Graph = graph;
        proto.DocString += $"; int8 QDQ: {quantized} convolutions and Gemms with int8 weights, uint8 activations calibrated on {quantization.Description}";
        Metadata(proto, "quantization", "int8 QDQ: weights int8 symmetric (per output channel for convolutions), activations uint8 per tensor");
        Metadata(proto, "calibration_method", quantization.Method == Quantization.CalibrationMethod.MinMax ? "minmax" : $"percentile {Quantization.OnnxQuantization.Percentile.ToString(CultureInfo.InvariantCulture)}");
        Metadata(proto, "calibration_images", quantization.Images.ToString(CultureInfo.InvariantCulture));
        Metadata(proto, "calibration_data", quantization.Description);
        return quantized;
    }

    private static void Metadata(ModelProto proto, string key, string value) =>
        proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
}
