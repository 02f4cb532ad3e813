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
    public static readonly IReadOnlySet<string> ValueOptions = new HashSet<string> { "--weights", "--data", "--data-dir", "--subset", "--network" };

    public static int Run(Arguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positional.Count != 1)
        {
            throw new UsageException("eval needs one .incept file");
        }

        var weights = arguments.Option("--weights") ?? throw new UsageException("eval needs --weights FILE");
        if ((arguments.Option("--data") ?? throw new UsageException("eval needs --data fashion-mnist")) != "fashion-mnist")
        {
            throw new UsageException($"unknown data set '{arguments.Option("--data")}'; eval reads fashion-mnist");
        }

        var subset = arguments.IntOption("--subset");
        if (subset is < 1)
        {
            throw new UsageException("--subset must be at least 1");
        }

        var compilation = SourceFiles.Compile(arguments.Positional[0], error);
        if (compilation is null || compilation.HasErrors)
        {
            return ExitCodes.Errors;
        }

        var directory = arguments.Option("--data-dir") ?? FashionMnist.DebianDirectory;
        if (!FashionMnist.IsInstalled(directory))
        {
            error.WriteLine($"incept: Fashion-MNIST not found in {directory}; install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass --data-dir");
            return ExitCodes.Errors;
        }

        try
        {
            using var network = NetworkBuilder.Build(compilation, arguments.Option("--network"));
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
