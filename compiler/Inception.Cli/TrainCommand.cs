using System.Globalization;
using Inception.Compiler;
using Inception.Dynamic;
using Inception.Runtime.Weights;
using Inception.Training;
using Inception.Training.Data;
using Inception.Training.Metrics;
using Inception.Training.Optimization;
using Inception.Training.Reporting;

namespace Inception.Cli;

/// <summary>
/// <c>incept train FILE --data fashion-mnist</c>: compiles the file at run time into the modules the generator
/// would emit (no rebuild needed to try an edit), trains it, and writes a checkpoint, the per-epoch metrics
/// (CSV), the training curves (SVG) and the averaged weights (PyTorch format) into --out.
/// Ctrl-C stops after the current batch and saves a checkpoint that --resume continues from.
/// </summary>
internal static class TrainCommand
{
    public const int Interrupted = 130;

    public static readonly HashSet<string> ValueOptions = new()
    {
        "--data", "--data-dir", "--network", "--epochs", "--batch", "--optimizer", "--lr", "--lr-decay", "--lr-every", "--label-smoothing", "--subset", "--seed", "--out", "--device",
    };

    public static int Run(Arguments arguments, TextWriter output, TextWriter error, bool terminal)
    {
        // Before any convolution runs in this process: gradients need the oneDNN cap, inference does not.
        Inception.Runtime.OneDnn.CapForTraining();

        if (arguments.Positional.Count != 1)
        {
            throw new UsageException("train takes one .incept file");
        }

        var options = Options(arguments);
        try
        {
            options.Validate();
        }
        catch (ArgumentException exception)
        {
            // Say it in the command's words: --epochs, not the trainer's property Epochs.
            var flag = exception.ParamName is { } name && OptionFlags.TryGetValue(name, out var known) ? known : exception.ParamName;
            var rule = exception.Message.Split(" (Parameter")[0].Replace($"Trainer option {exception.ParamName} ", string.Empty).TrimEnd('.');
            throw new UsageException($"{flag} {rule}");
        }

        if (arguments.IntOption("--subset") is < 1)
        {
            throw new UsageException("option --subset takes a positive number of images");
        }

        var data = arguments.Option("--data") ?? throw new UsageException("train needs --data fashion-mnist");
        if (data != "fashion-mnist")
        {
            throw new UsageException($"unknown data set '{data}'; supported: fashion-mnist");
        }

        var path = arguments.Positional[0];
        var compilation = SourceFiles.Compile(path, error);
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
            return Train(arguments, output, error, terminal, options, compilation, directory);
        }
        catch (Exception exception) when (exception is InvalidOperationException or NotSupportedException or WeightMismatchException or IOException or UnauthorizedAccessException)
        {
            // A checkpoint of another network, CUDA asked for without a GPU, a file that cannot be read: say so, no stack trace.
            error.WriteLine($"incept: {exception.Message}");
            return ExitCodes.Errors;
        }
    }

    private static int Train(Arguments arguments, TextWriter output, TextWriter error, bool terminal, TrainerOptions options, CompilationResult compilation, string directory)
    {
        // The initial weights come from libtorch's generator too: seed it, so --seed repeats a run exactly.
        TorchSharp.torch.random.manual_seed(options.Seed);
        using var network = Build(compilation, arguments.Option("--network"));
        var outDirectory = arguments.Option("--out") ?? Path.Combine("runs", network.Architecture.Name);
        Directory.CreateDirectory(outDirectory);
        var checkpoint = Path.Combine(outDirectory, "checkpoint.bin");
        options = options with
        {
            CheckpointPath = checkpoint,
            InputChannels = network.Architecture.Input.Channels,
            InputSize = network.Architecture.Input.Height,
        };

        var subset = arguments.IntOption("--subset");
        using var fullTrain = FashionMnist.LoadTrain(directory);
        using var fullTest = FashionMnist.LoadTest(directory);
        using var train = subset is { } n ? fullTrain.Subset(n) : null;
        using var test = subset is { } m ? fullTest.Subset(Math.Max(1, m / 6)) : null;

        using var trainer = new Trainer(network, options);
        if (arguments.Flag("--resume"))
        {
            if (!File.Exists(checkpoint))
            {
                error.WriteLine($"incept: nothing to resume: {checkpoint} does not exist");
                return ExitCodes.Errors;
            }

            trainer.Resume(checkpoint);
            output.WriteLine($"resumed from {checkpoint} at epoch {trainer.Position.Epoch + 1}");
        }

        output.WriteLine($"training {network.Architecture.Name} ({network.Architecture.Parameters:N0} parameters, {network.Architecture.Macs:N0} MACs per image) on Fashion-MNIST, {options.Optimizer}, batch {options.BatchSize}, {options.Epochs} epoch{(options.Epochs == 1 ? string.Empty : "s")}, device {trainer.Device.type}");
        var progress = new ProgressReporter(error, terminal);
        trainer.BatchCompleted += (_, p) => progress.Batch(p);
        trainer.EpochCompleted += (_, e) =>
        {
            progress.Clear();
            output.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "epoch {0}/{1}: train loss {2:F4}, test loss {3:F4}, top-1 {4:P2}, top-5 {5:P2}, {6:F1} s, {7:F0} images/s, lr {8:G4}",
                e.Epoch, options.Epochs, e.TrainLoss, e.TestLoss, e.TestTop1, e.TestTop5, e.Seconds, e.ImagesPerSecond, e.LearningRate));
            MetricsCsv.Save(Path.Combine(outDirectory, "metrics.csv"), trainer.History);
            TrainingCurvesSvg.Save(Path.Combine(outDirectory, "curves.svg"), trainer.History, $"{network.Architecture.Name} on Fashion-MNIST");
        };

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) =>
        {
            // The first Ctrl-C stops cleanly after the current batch; a second one kills the process.
            e.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += stop;
        try
        {
            var result = trainer.Fit(train ?? fullTrain, test ?? fullTest, cancellation.Token);
            progress.Clear();
            if (result.Cancelled)
            {
                output.WriteLine($"stopped; checkpoint saved to {checkpoint}; continue with --resume");
                return Interrupted;
            }
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }

        var weights = Path.Combine(outDirectory, "weights.pt");
        trainer.SaveWeights(weights);
        output.WriteLine($"wrote {weights} (averaged weights, PyTorch format), metrics.csv, curves.svg and checkpoint.bin in {outDirectory}");
        return ExitCodes.Success;
    }

    /// <summary>The command-line flag of each trainer option that the command sets.</summary>
    private static readonly IReadOnlyDictionary<string, string> OptionFlags = new Dictionary<string, string>
    {
        [nameof(TrainerOptions.Epochs)] = "--epochs",
        [nameof(TrainerOptions.BatchSize)] = "--batch",
        [nameof(TrainerOptions.LearningRate)] = "--lr",
        [nameof(TrainerOptions.LearningRateDecay)] = "--lr-decay",
        [nameof(TrainerOptions.DecayEveryEpochs)] = "--lr-every",
        [nameof(TrainerOptions.LabelSmoothing)] = "--label-smoothing",
    };

    private static DynamicNetwork Build(CompilationResult compilation, string? name)
    {
        try
        {
            return NetworkBuilder.Build(compilation, name);
        }
        catch (ArgumentException exception)
        {
            // An unknown --network, or none given for a file with several.
            throw new UsageException($"{exception.Message}; networks: {string.Join(", ", compilation.Networks.Select(n => n.Name))}");
        }
    }

    private static TrainerOptions Options(Arguments arguments)
    {
        var optimizer = arguments.Option("--optimizer") switch
        {
            null or "rmsprop" => OptimizerKind.RmsProp,
            "sgd" => OptimizerKind.Sgd,
            var other => throw new UsageException($"unknown optimizer '{other}'; use rmsprop or sgd"),
        };
        var device = arguments.Option("--device") switch
        {
            null or "auto" => DeviceKind.Auto,
            "cpu" => DeviceKind.Cpu,
            "cuda" => DeviceKind.Cuda,
            var other => throw new UsageException($"unknown device '{other}'; use auto, cpu or cuda"),
        };
        var defaults = new TrainerOptions();
        return defaults with
        {
            Epochs = arguments.IntOption("--epochs") ?? defaults.Epochs,
            BatchSize = arguments.IntOption("--batch") ?? defaults.BatchSize,
            Optimizer = optimizer,
            LearningRate = Double(arguments, "--lr"),
            LearningRateDecay = Double(arguments, "--lr-decay"),
            DecayEveryEpochs = arguments.IntOption("--lr-every"),
            LabelSmoothing = Double(arguments, "--label-smoothing") ?? defaults.LabelSmoothing,
            Seed = arguments.IntOption("--seed") ?? defaults.Seed,
            Device = device,
        };
    }

    private static double? Double(Arguments arguments, string name)
    {
        var text = arguments.Option(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new UsageException($"option {name} takes a non-negative number, not '{text}'");
    }
}
