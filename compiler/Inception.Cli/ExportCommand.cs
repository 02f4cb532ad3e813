using System.CommandLine;
using Inception.Dynamic;
using Inception.Onnx;
using Inception.Runtime;
using Inception.Runtime.Weights;

namespace Inception.Cli;

/// <summary>
/// <c>incept export FILE --weights W --output model.onnx</c>: the network's inference path as an ONNX file,
/// written from .NET, with the weights of W (loaded by name and checked key by key) as its initializers.
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
        var command = new Command("export", "Write the inference path as ONNX (opset 13, dynamic batch), with the weights as initializers named by their state_dict keys.")
        {
            file, weights, target, format, keepBatchNorm, network, classes,
        };
        return command.WithAction((parse, output, error) => Run(
            parse.GetValue(file)!, parse.GetValue(weights), parse.GetValue(target)!, !parse.GetValue(keepBatchNorm), parse.GetValue(network), parse.GetValue(classes), output, error));
    }

    private static int Run(string path, string? weights, string target, bool foldBatchNorm, string? networkName, int? classes, TextWriter output, TextWriter error)
    {
        CommandKit.RefuseReplacingAnInput(target, path, weights);
        var compilation = SourceFiles.Compile(path, error);
        if (compilation is null || compilation.HasErrors || !LibTorch.Available("export", error))
        {
            return ExitCodes.Errors;
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
            if (toStandardOutput)
            {
                // The model is the output; the summary below then goes to standard error.
                using var stdout = Console.OpenStandardOutput();
                OnnxExport.Write(network, network.Plan, stdout, options);
            }
            else
            {
                OnnxExport.Save(network, network.Plan, target, options);
            }

            (toStandardOutput ? error : output).WriteLine($"wrote {target}: {network.Plan.Name}, opset {OnnxExportOptions.Opset}, input N x {network.Plan.Input.Channels} x {network.Plan.Input.Height} x {network.Plan.Input.Width}, batch norms {(options.FoldBatchNorm ? "folded" : "kept")}");
            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is WeightMismatchException or NotSupportedException or InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"incept: {exception.Message}");
            return ExitCodes.Errors;
        }
    }
}
