using System.CommandLine;
using System.Globalization;
using Inception.Dynamic;
using Inception.Onnx;
using Inception.Onnx.Quantization;
using Inception.Runtime;
using Inception.Runtime.Weights;

namespace Inception.Cli;

/// <summary>
/// <c>incept export FILE --weights W --output model.onnx</c>: the network's inference path as an ONNX file,
/// written from .NET, with the weights of W (loaded by name and checked key by key) as its initializers;
/// with <c>--quantize int8 --calibrate fashion-mnist</c>, in int8 (QDQ) calibrated on the data set's images.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var file = CommandKit.File("the .incept file");
        var weights = new Option<string?>("--weights") { Description = "the weights to export (.pt, safetensors, TorchSharp); without it, freshly initialised ones", HelpName = "FILE" };
        var target = new Option<string>("--output", "-o") { Description = "the ONNX file to write ('-': standard output); never one of the inputs", HelpName = "FILE", Required = true };
        var format = CommandKit.Choice("--format", "the file format", "onnx");
        var keepBatchNorm = new Option<bool>("--no-fold-bn") { Description = "keep BatchNormalization nodes instead of folding them into the convolutions" };
        var network = CommandKit.Network();
        var classes = TrainCommand.ClassesOption();
        var quantize = new Option<string?>("--quantize")
        {
            Description = "int8: static post-training quantization in ONNX Runtime's QDQ form (int8 weights per output channel, uint8 activations calibrated with --calibrate), which ORT runs as QLinearConv/QGemm kernels",
            HelpName = "int8",
        };
        quantize.AcceptOnlyFromAmong("int8");
        var calibrate = new Option<string?>("--calibrate")
        {
            Description = "the images that set the activation ranges (the first --calibration-images of them): fashion-mnist takes the training images, prepared as incept train prepares them (standardized with the training set's statistics, grey repeated to the input's channels, resized bilinearly); DIR takes the PNG and JPEG files of a folder in name order, prepared as torchvision prepares ImageNet images (RGB, resized bilinearly, standardized with ImageNet's mean and std). The file's metadata states the normalization, which inputs must then follow",
            HelpName = "fashion-mnist|DIR",
        };
        var images = CommandKit.Integer("--calibration-images", "how many images calibrate (default 256)", "N", minimum: 1);
        var method = CommandKit.Choice("--calibration-method", "percentile: each range ends at the 99.99th percentile of magnitudes (outliers clipped, finer steps); minmax: at the extremes", "percentile", "minmax");
        var dataDirectory = TrainCommand.DataDirectoryOption();
        var command = new Command("export", "Write the inference path as ONNX (opset 13, dynamic batch), with the weights as initializers named by their state_dict keys; fp32, or int8 with --quantize.")
        {
            file, weights, target, format, keepBatchNorm, network, classes, quantize, calibrate, images, method, dataDirectory,
        };
        command.Validators.Add(result =>
        {
            // Whether each was given, not its value: reading a value the option refused (int4) would throw here.
            var (quantizing, calibrating) = (result.GetResult(quantize) is not null, result.GetResult(calibrate) is not null);
            if (quantizing && !calibrating)
            {
                result.AddError("--quantize int8 needs --calibrate: the activation ranges come from running calibration images (--calibrate fashion-mnist)");
            }
            else if (!quantizing && (calibrating || result.GetResult(images) is not null))
            {
                result.AddError("--calibrate and --calibration-images only apply with --quantize int8");
            }
        });
        return command.WithAction((parse, output, error) => Run(
            new Request(
                parse.GetValue(file)!,
                parse.GetValue(weights),
                parse.GetValue(target)!,
                !parse.GetValue(keepBatchNorm),
                parse.GetValue(network),
                parse.GetValue(classes),
                parse.GetValue(quantize) is null ? null : new Calibration(parse.GetValue(calibrate)!, parse.GetValue(images) ?? 256, parse.GetValue(method) == "minmax" ? CalibrationMethod.MinMax : CalibrationMethod.Percentile, parse.GetValue(dataDirectory))),
            output,
            error));
    }

    private sealed record Calibration(string Data, int Images, CalibrationMethod Method, string? DataDirectory);

    private sealed record Request(string Path, string? Weights, string Target, bool FoldBatchNorm, string? Network, int? Classes, Calibration? Calibration);

    private static int Run(Request request, TextWriter output, TextWriter error)
    {
        var (path, weights, target, foldBatchNorm, networkName, classes, calibration) = request;
        // The calibration images are inputs too: an output among them would replace one with ONNX bytes.
        var calibrationImages = calibration is { Data: var folder } && Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
        CommandKit.RefuseReplacingAnInput(target, [path, weights, .. calibrationImages]);
        var compilation = SourceFiles.Compile(path, error);
        if (compilation is null || compilation.HasErrors || !LibTorch.Available("export", error))
        {
            return ExitCodes.Errors;
        }

        if (LibTorch.VerifyConvolutions(error, error, train: false) is { } ended)
        {
            return ended;
        }

        try
        {
            // Before the network is built and its weights loaded, which takes a while for a large one.
            var toStandardOutput = target == CommandKit.StandardOutput;
            if (!toStandardOutput)
            {
                Inception.Runtime.IO.AtomicFile.RequireFolder(target);
            }

            using var network = NetworkBuilder.Build(compilation, networkName, auxLogits: true, classes: classes);
            if (weights is not null)
            {
                WeightFiles.Load(network, weights);
            }
            else
            {
                error.WriteLine("incept: no --weights given; exporting the freshly initialised network");
            }

            var options = new OnnxExportOptions(FoldBatchNorm: foldBatchNorm, SourcePath: path);
            string? normalization = null;
            if (calibration is not null)
            {
                var set = CalibrationSet.Load(calibration.Data, calibration.DataDirectory, calibration.Images, network.Plan.Input);
                normalization = set.Normalization;
                options = options with { Quantization = new OnnxQuantization(set.Batches, set.Description, calibration.Method), InputNormalization = normalization };
            }

            OnnxExportResult result;
            if (toStandardOutput)
            {
                // The model is the output; the summary below then goes to standard error.
                using var stdout = Console.OpenStandardOutput();
                result = OnnxExport.Write(network, network.Plan, stdout, options);
            }
            else
            {
                result = OnnxExport.Save(network, network.Plan, target, options);
            }

            var summary = toStandardOutput ? error : output;
            summary.WriteLine($"wrote {target}: {network.Plan.Name}, opset {OnnxExportOptions.Opset}, input N x {network.Plan.Input.Channels} x {network.Plan.Input.Height} x {network.Plan.Input.Width}, batch norms {(options.FoldBatchNorm ? "folded" : "kept")}");
            if (options.Quantization is { } quantization)
            {
                summary.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "int8 (QDQ): {0} convolutions and Gemms with int8 weights; activations calibrated on {1} images ({2}); {3:N1} MB as fp32, {4:N1} MB as int8 ({5:F2}x smaller)",
                    result.QuantizedNodes,
                    quantization.Images,
                    quantization.Method == CalibrationMethod.MinMax ? "min-max" : "99.99th percentile",
                    result.Fp32Bytes / 1e6,
                    result.Bytes / 1e6,
                    (double)result.Fp32Bytes / result.Bytes));
                summary.WriteLine($"inputs must be prepared as calibration's were: {normalization}");
            }

            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is WeightMismatchException or NotSupportedException or InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"incept: {exception.Message}");
            return ExitCodes.Errors;
        }
    }
}
