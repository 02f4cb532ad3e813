using System.CommandLine;
using System.Globalization;
using Inception.Dynamic;
using Inception.Onnx;
using Inception.Runtime.Weights;
using Inception.Training;
using Inception.Training.Data;

namespace Inception.Cli;

/// <summary>
/// <c>incept eval FILE --weights W --data fashion-mnist [--subset K]</c>: the top-1, top-5 and loss of any
/// weight file (PyTorch .pt, safetensors, TorchSharp) on the test set, with the .NET runtime; with
/// <c>--onnx MODEL</c> instead, of an exported model (fp32 or int8) run by ONNX Runtime. The inputs are
/// prepared as <c>incept train</c> and the emitted train.py prepare them (standardized with the training
/// set's statistics; with --subset K the first K training and the first K/6 test images).
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var file = CommandKit.File("the .incept file");
        var weights = new Option<string?>("--weights") { Description = "a PyTorch .pt, safetensors or TorchSharp weight file, run by the .NET runtime", HelpName = "FILE" };
        var onnx = new Option<string?>("--onnx") { Description = "an exported ONNX model (fp32, or int8 from export --quantize), run by ONNX Runtime; instead of --weights", HelpName = "MODEL" };
        var data = TrainCommand.DataOption();
        var dataDirectory = TrainCommand.DataDirectoryOption();
        var subset = TrainCommand.SubsetOption("normalise with the first N training images and test on the first N/6");
        var network = CommandKit.Network();
        var classes = TrainCommand.ClassesOption();
        var tta = CommandKit.Choice("--tta", "test-time augmentation: none, or flip (each image's logits averaged with its mirror image's)", "none", "flip");
        var command = new Command("eval", "Top-1, top-5 and loss on the test set of a weight file (the .NET runtime) or of an exported ONNX model (ONNX Runtime).")
        {
            file, weights, onnx, data, dataDirectory, subset, network, classes, tta,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(weights) is null) == (result.GetResult(onnx) is null))
            {
                result.AddError("give one of --weights (a weight file) or --onnx (an exported model)");
            }
        });
        return command.WithAction((parse, output, error) => parse.GetValue(onnx) is { } model
            ? RunOnnx(parse.GetValue(file)!, model, parse.GetValue(dataDirectory), parse.GetValue(subset), parse.GetValue(network), parse.GetValue(tta) == "flip", output, error)
            : Run(parse.GetValue(file)!, parse.GetValue(weights)!, parse.GetValue(dataDirectory), parse.GetValue(subset), parse.GetValue(network), parse.GetValue(classes), parse.GetValue(tta) == "flip", output, error));
    }

    /// <summary>
    /// The exported model on the test images, prepared as for <c>--weights</c> (its metadata names the
    /// normalization an int8 model was calibrated with, which is this one): the same top-1, top-5 and loss.
    /// </summary>
    private static int RunOnnx(string path, string modelPath, string? dataDirectory, int? subset, string? networkName, bool flip, TextWriter output, TextWriter error)
    {
        var compilation = SourceFiles.Compile(path, error);
        if (compilation is null || compilation.HasErrors || !LibTorch.Available("eval", error))
        {
            return ExitCodes.Errors;
        }

        try
        {
            var plan = networkName is null ? compilation.Plans.FirstOrDefault() : compilation.Plans.FirstOrDefault(p => p.Name == networkName);
            if (plan is null)
            {
                error.WriteLine($"incept: {path} has no network{(networkName is null ? string.Empty : $" named '{networkName}'")}");
                return ExitCodes.Errors;
            }

            using var model = OpenModel(modelPath);
            if (model.Metadata.TryGetValue("network", out var exported) && exported != plan.Name)
            {
                error.WriteLine($"incept: {modelPath} was exported from network '{exported}', not '{plan.Name}'; pass --network {exported}");
                return ExitCodes.Errors;
            }

            var (channels, height, width) = model.InputShape;
            if (height != width)
            {
                error.WriteLine($"incept: Fashion-MNIST images are square and the model's input is {channels}x{height}x{width}");
                return ExitCodes.Errors;
            }

            using var data = FashionMnistInputs.Load(dataDirectory, subset, channels, height);
            var evaluation = OnnxEvaluation.Run(model, data.Batches(data.Test, (int)data.Test.Count), data.Test.Classes, width, flip);
            var kind = model.Metadata.ContainsKey("quantization") ? "int8" : "fp32";
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} ({1} ONNX, ONNX Runtime) on {2:N0} Fashion-MNIST test images{6}: top-1 {3:P2}, top-5 {4:P2}, loss {5:F4}", plan.Name, kind, evaluation.Images, evaluation.Top1, evaluation.Top5, evaluation.Loss, flip ? " with test-time flip" : string.Empty));
            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is InvalidOperationException or NotSupportedException or ArgumentException or IOException)
        {
            error.WriteLine($"incept: {exception.Message}");
            return ExitCodes.Errors;
        }
    }

    private static Inception.Onnx.OnnxModel OpenModel(string path)
    {
        if (!File.Exists(path))
        {
            throw new IOException(Directory.Exists(path) ? $"'{path}' is a folder, not an ONNX model" : $"ONNX model '{path}' does not exist");
        }

        try
        {
            return new Inception.Onnx.OnnxModel(path);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException exception)
        {
            throw new IOException($"'{path}' is not an ONNX model ONNX Runtime can load: {exception.Message.Split('\n')[0]}", exception);
        }
    }

    private static int Run(string path, string weights, string? dataDirectory, int? subset, string? networkName, int? classes, bool flip, TextWriter output, TextWriter error)
    {
        var compilation = SourceFiles.Compile(path, error);
        if (compilation is null || compilation.HasErrors || !LibTorch.Available("eval", error))
        {
            return ExitCodes.Errors;
        }

        if (LibTorch.VerifyConvolutions(error, error, train: false) is { } ended)
        {
            return ended;
        }

        try
        {
            using var network = TrainCommand.Build(compilation, networkName, classes);
            TrainCommand.RequireFashionMnistClasses(network, "evaluate");
            WeightFiles.Load(network, weights);
            var input = network.Architecture.Input;
            using var data = FashionMnistInputs.Load(dataDirectory, subset, input.Channels, input.Height);
            var options = new TrainerOptions
            {
                Normalization = data.Normalization,
                EmaDecay = null,
                InputChannels = input.Channels,
                InputSize = input.Height,
                TestTimeFlip = flip,
            };
            using var trainer = new Trainer(network, options);
            var result = trainer.Evaluate(data.Test);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} on {1:N0} Fashion-MNIST test images{5}: top-1 {2:P2}, top-5 {3:P2}, loss {4:F4}", network.Architecture.Name, result.Images, result.Top1, result.Top5, result.Loss, flip ? " with test-time flip" : string.Empty));
            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is WeightMismatchException or InvalidOperationException or NotSupportedException or ArgumentException or IOException)
        {
            error.WriteLine($"incept: {exception.Message}");
            return ExitCodes.Errors;
        }
    }
}
