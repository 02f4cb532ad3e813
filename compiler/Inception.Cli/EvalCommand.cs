using System.CommandLine;
using System.Globalization;
using Inception.Dynamic;
using Inception.Runtime.Weights;
using Inception.Training;
using Inception.Training.Data;

namespace Inception.Cli;

/// <summary>
/// <c>incept eval FILE --weights W --data fashion-mnist [--subset K]</c>: the top-1, top-5 and loss of any
/// weight file (PyTorch .pt, safetensors, TorchSharp) on the test set, with the .NET runtime. The inputs are
/// prepared as <c>incept train</c> and the emitted train.py prepare them (standardized with the training
/// set's statistics; with --subset K the first K training and the first K/6 test images).
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var file = CommandKit.File("the .incept file");
        var weights = new Option<string>("--weights") { Description = "a PyTorch .pt, safetensors or TorchSharp weight file", HelpName = "FILE", Required = true };
        var data = TrainCommand.DataOption();
        var dataDirectory = TrainCommand.DataDirectoryOption();
        var subset = TrainCommand.SubsetOption("normalise with the first N training images and test on the first N/6");
        var network = CommandKit.Network();
        var classes = TrainCommand.ClassesOption();
        var command = new Command("eval", "Top-1, top-5 and loss of a weight file on the test set, with the .NET runtime.")
        {
            file, weights, data, dataDirectory, subset, network, classes,
        };
        return command.WithAction((parse, output, error) => Run(
            parse.GetValue(file)!, parse.GetValue(weights)!, parse.GetValue(dataDirectory), parse.GetValue(subset), parse.GetValue(network), parse.GetValue(classes), output, error));
    }

    private static int Run(string path, string weights, string? dataDirectory, int? subset, string? networkName, int? classes, TextWriter output, TextWriter error)
    {
        var compilation = SourceFiles.Compile(path, error);
        if (compilation is null || compilation.HasErrors || !LibTorch.Available("eval", error))
        {
            return ExitCodes.Errors;
        }

        var directory = dataDirectory ?? FashionMnist.DebianDirectory;
        if (!FashionMnist.IsInstalled(directory))
        {
            error.WriteLine($"incept: Fashion-MNIST not found in {directory}; install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass --data-dir");
            return ExitCodes.Errors;
        }

        try
        {
            using var network = TrainCommand.Build(compilation, networkName, classes);
            TrainCommand.RequireFashionMnistClasses(network, "evaluate");
            WeightFiles.Load(network, weights);
            using var fullTrain = FashionMnist.LoadTrain(directory);
            using var fullTest = FashionMnist.LoadTest(directory);
            using var train = subset is { } n ? fullTrain.Subset(n) : null;
            using var test = subset is { } m ? fullTest.Subset(Math.Max(1, m / 6)) : null;
            var options = new TrainerOptions
            {
                Normalization = Normalization.Of(train ?? fullTrain),
                EmaDecay = null,
                InputChannels = network.Architecture.Input.Channels,
                InputSize = network.Architecture.Input.Height,
            };
            using var trainer = new Trainer(network, options);
            var result = trainer.Evaluate(test ?? fullTest);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} on {1:N0} Fashion-MNIST test images: top-1 {2:P2}, top-5 {3:P2}, loss {4:F4}", network.Architecture.Name, result.Images, result.Top1, result.Top5, result.Loss));
            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is WeightMismatchException or InvalidOperationException or NotSupportedException or ArgumentException or IOException)
        {
            error.WriteLine($"incept: {exception.Message}");
            return ExitCodes.Errors;
        }
    }
}
