using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
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
/// Ctrl-C (SIGINT) and SIGTERM stop after the current batch and save a checkpoint that --resume continues from.
/// </summary>
internal static class TrainCommand
{
    public const int Interrupted = 130;

    /// <summary>128 + SIGTERM, what a scheduler or <c>docker stop</c> expects once the run has saved and stopped.</summary>
    public const int Terminated = 143;

    public static Option<string> DataOption()
    {
        var option = new Option<string>("--data") { Description = "the data set", HelpName = "fashion-mnist", Required = true };
        option.AcceptOnlyFromAmong("fashion-mnist");
        return option;
    }

    public static Option<string?> DataDirectoryOption() =>
        new("--data-dir") { Description = $"where the data set's files are (default: {FashionMnist.DebianDirectory}, from the Debian package dataset-fashion-mnist)", HelpName = "DIR" };

    public static Option<int?> SubsetOption(string description) => CommandKit.Integer("--subset", description, "N", minimum: 1);

    public static Option<int?> ClassesOption() =>
        CommandKit.Integer("--classes", "build the network with N classes instead of the file's (the classifier widths follow; the file must use 'classes')", "N", minimum: 1);

    public static Command Create()
    {
        var file = CommandKit.File("the .incept file");
        var data = DataOption();
        var dataDirectory = DataDirectoryOption();
        var network = CommandKit.Network();
        var classes = ClassesOption();
        var recipe = new Option<string?>("--recipe")
        {
            Description = "the settings to start from: the papers' (RMSProp, step decay), or the 10-minute recipe (Nesterov SGD, warmup and linear decay to the run's end, weight decay, test-time flip); every option below overrides its part (default: fast with --time-budget, whose schedule must end with the budget, else paper)",
            HelpName = string.Join("|", TrainingRecipe.Names),
        };
        recipe.AcceptOnlyFromAmong(TrainingRecipe.Names.ToArray());
        var epochs = CommandKit.Integer("--epochs", $"passes over the training set (default {new TrainerOptions().Epochs})", "N", minimum: 1);
        var budget = TimeBudgetOption();
        var batch = CommandKit.Integer("--batch", "images per step (default: the recipe's, 64 or 128)", "B", minimum: 1);
        var optimizer = new Option<string?>("--optimizer") { Description = "RMSProp with the Inception-v3 schedule, or SGD with GoogLeNet's (default: the recipe's)", HelpName = "rmsprop|sgd" };
        optimizer.AcceptOnlyFromAmong("rmsprop", "sgd");
        var learningRate = CommandKit.NonNegativeNumber("--lr", "the initial (or peak) learning rate (default: the recipe's)", "X");
        var decay = CommandKit.NonNegativeNumber("--lr-decay", "multiply the learning rate by F ...", "F");
        var decayEvery = CommandKit.Integer("--lr-every", "... every N epochs", "N", minimum: 1);
        var schedule = new Option<string?>("--schedule") { Description = "the learning rate's course: the papers' step decay, or warmup then linear decay to zero at the run's end (default: the recipe's)", HelpName = "step|linear" };
        schedule.AcceptOnlyFromAmong("step", "linear");
        var warmup = CommandKit.NonNegativeNumber("--warmup", "with --schedule linear, the share of the run spent warming up (default: the recipe's, 0.05)", "F");
        var weightDecay = CommandKit.NonNegativeNumber("--weight-decay", "L2 weight decay (default: the recipe's, 0 or 5e-4)", "W");
        var ema = CommandKit.NonNegativeNumber("--ema", "decay of the weight average that evaluation uses, 0 for none (default: the recipe's, 0.9999 or 0.999)", "D");
        var smoothing = CommandKit.NonNegativeNumber("--label-smoothing", $"label smoothing epsilon (default {new TrainerOptions().LabelSmoothing})", "E");
        var tta = new Option<string?>("--tta") { Description = "test-time augmentation of the final evaluation: the mean of each image's and its mirror's logits (default: the recipe's)", HelpName = "flip|none" };
        tta.AcceptOnlyFromAmong("flip", "none");
        var subset = SubsetOption("train on the first N images and test on the first N/6");
        var seed = CommandKit.Integer("--seed", "seeds the initial weights, the data order and the augmentation: the same seed repeats a run", "S");
        var outDirectory = new Option<string?>("--out") { Description = "where the checkpoint, metrics.csv, curves.svg and weights.pt go (default runs/NETWORK)", HelpName = "DIR" };
        var resume = new Option<bool>("--resume") { Description = "continue from the checkpoint in --out" };
        var force = new Option<bool>("--force") { Description = "start afresh even though --out holds an earlier run, replacing its files" };
        var device = CommandKit.Choice("--device", "where to train; auto picks CUDA when there is a GPU", "auto", "cpu", "cuda");
        var command = new Command("train", "Compile the file at run time and train it; writes a checkpoint every epoch, metrics.csv, curves.svg and weights.pt to --out. Ctrl-C or SIGTERM saves and stops (exit 130 or 143); --resume continues.")
        {
            file, data, dataDirectory, network, classes, recipe, epochs, budget, batch, optimizer, learningRate, decay, decayEvery, schedule, warmup, weightDecay, ema, smoothing, tta, subset, seed, outDirectory, resume, force, device,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(epochs) is { Implicit: false } && result.GetResult(budget) is { Implicit: false })
            {
                result.AddError("--epochs and --time-budget both say when the run ends; give one");
            }
        });
        return command.WithAction((parse, output, error) =>
        {
            // A budget needs a schedule that ends with it, which the papers' per-epoch step decay cannot promise.
            var defaults = TrainingRecipe.Named(parse.GetValue(recipe) ?? (parse.GetValue(budget) is null ? TrainingRecipe.PaperName : TrainingRecipe.FastName));
            var optimizerKind = parse.GetValue(optimizer) switch
            {
                "sgd" => OptimizerKind.Sgd,
                "rmsprop" => OptimizerKind.RmsProp,
                _ => defaults.Optimizer,
            };
            var options = defaults with
            {
                Epochs = parse.GetValue(epochs) ?? defaults.Epochs,
                TimeBudget = parse.GetValue(budget) ?? defaults.TimeBudget,
                BatchSize = parse.GetValue(batch) ?? defaults.BatchSize,
                Optimizer = optimizerKind,

                // A recipe's rate and Nesterov momentum belong to its optimizer: another optimizer starts from its paper's.
                LearningRate = parse.GetValue(learningRate) ?? (optimizerKind == defaults.Optimizer ? defaults.LearningRate : null),
                Nesterov = optimizerKind == defaults.Optimizer && defaults.Nesterov,
                LearningRateDecay = parse.GetValue(decay),
                DecayEveryEpochs = parse.GetValue(decayEvery),
                Schedule = parse.GetValue(schedule) switch
                {
                    "step" => ScheduleKind.StepDecay,
                    "linear" => ScheduleKind.WarmupLinearDecay,
                    _ => defaults.Schedule,
                },
                WarmupFraction = parse.GetValue(warmup) ?? defaults.WarmupFraction,
                WeightDecay = parse.GetValue(weightDecay) ?? defaults.WeightDecay,
                EmaDecay = parse.GetValue(ema) is { } d ? (d == 0 ? null : d) : defaults.EmaDecay,
                LabelSmoothing = parse.GetValue(smoothing) ?? defaults.LabelSmoothing,
                TestTimeFlip = parse.GetValue(tta) is { } t ? t == "flip" : defaults.TestTimeFlip,
                Seed = parse.GetValue(seed) ?? defaults.Seed,
                Device = parse.GetValue(device) switch
                {
                    "cpu" => DeviceKind.Cpu,
                    "cuda" => DeviceKind.Cuda,
                    _ => DeviceKind.Auto,
                },
            };
            var request = new Request(parse.GetValue(file)!, parse.GetValue(dataDirectory), parse.GetValue(network), parse.GetValue(classes), parse.GetValue(subset), parse.GetValue(outDirectory), parse.GetValue(resume), parse.GetValue(force));
            return Run(request, options, output, error);
        });
    }

    /// <summary><c>--time-budget 10m</c>: a duration in h, m and s (<c>90s</c>, <c>10m</c>, <c>1h30m</c>).</summary>
    public static Option<TimeSpan?> TimeBudgetOption() => new("--time-budget")
    {
        Description = "train for this wall-clock time instead of a number of epochs (90s, 10m, 1h30m): the schedule ends at the budget, and the final evaluation and the weights are written before it runs out",
        HelpName = "DURATION",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Durations.Parse(text) is { } duration)
            {
                return duration;
            }

            result.AddError($"Option '--time-budget' takes a duration such as 90s, 10m or 1h30m, not '{text}'.");
            return null;
        },
    };

    private sealed record Request(string File, string? DataDirectory, string? Network, int? Classes, int? Subset, string? Out, bool Resume, bool Force);

    private static int Run(Request request, TrainerOptions options, TextWriter output, TextWriter error)
    {
        // Before any convolution runs in this process: gradients need the oneDNN cap, inference does not; the
        // convolution self-check then verifies the capped configuration, forward and backward.
        Inception.Runtime.OneDnn.CapForTraining();

        // Say it in the command's words: --epochs, not the trainer's property Epochs.
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new UsageException(string.Join("; ", problems.Select(p => $"{OptionFlags.GetValueOrDefault(p.Option, p.Option)} {p.Rule}")));
        }

        if (request.Resume && request.Force)
        {
            throw new UsageException("--resume continues the run in --out and --force replaces it; give one");
        }

        var compilation = SourceFiles.Compile(request.File, error);
        if (compilation is null || compilation.HasErrors || !LibTorch.Available("train", error))
        {
            return ExitCodes.Errors;
        }

        if (LibTorch.VerifyConvolutions(output, error, train: true) is { } ended)
        {
            return ended;
        }

        var directory = request.DataDirectory ?? FashionMnist.DebianDirectory;
        if (!FashionMnist.IsInstalled(directory))
        {
            error.WriteLine($"incept: {FashionMnist.NotInstalled(directory)}");
            return ExitCodes.Errors;
        }

        try
        {
            return Train(request, output, error, options, compilation, directory);
        }
        catch (Exception exception) when (exception is InvalidOperationException or NotSupportedException or WeightMismatchException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // A checkpoint of another network or a damaged one, CUDA asked for without a GPU, a file that cannot be
            // read: say so, no stack trace, exit 1 (70 is for bugs of ours, never for a bad file).
            error.WriteLine($"incept: {exception.Message}");
            return ExitCodes.Errors;
        }
    }

    private static int Train(Request request, TextWriter output, TextWriter error, TrainerOptions options, CompilationResult compilation, string directory)
    {
        // The initial weights come from libtorch's generator too: seed it, so --seed repeats a run exactly.
        TorchSharp.torch.random.manual_seed(options.Seed);
        using var network = Build(compilation, request.Network, request.Classes);
        RequireFashionMnistClasses(network, "train");

        var outDirectory = request.Out ?? Path.Combine("runs", network.Architecture.Name);
        var checkpoint = Path.Combine(outDirectory, "checkpoint.bin");
        if (PrepareOutput(outDirectory, checkpoint, request, error) is { } refused)
        {
            return refused;
        }

        options = options with
        {
            CheckpointPath = checkpoint,
            InputChannels = network.Architecture.Input.Channels,
            InputSize = network.Architecture.Input.Height,
        };

        using var fullTrain = FashionMnist.LoadTrain(directory);
        using var fullTest = FashionMnist.LoadTest(directory);
        using var train = request.Subset is { } n ? fullTrain.Subset(n) : null;
        using var test = request.Subset is { } m ? fullTest.Subset(Math.Max(1, m / 6)) : null;

        using var trainer = new Trainer(network, options);
        if (request.Resume)
        {
            if (!File.Exists(checkpoint))
            {
                error.WriteLine($"incept: nothing to resume: {checkpoint} does not exist");
                return ExitCodes.Errors;
            }

            trainer.Resume(checkpoint);
            output.WriteLine($"resumed from {checkpoint} at epoch {trainer.Position.Epoch + 1}");
        }

        var parameters = network.parameters().Sum(p => p.numel());
        var costs = request.Classes is null
            ? $"{parameters:N0} parameters, {network.Architecture.Macs:N0} MACs per image"
            : $"{parameters:N0} parameters, {network.Architecture.Macs:N0} MACs per image with {FashionMnist.Classes} classes instead of the file's {compilation.Networks.First(n => n.Name == network.Architecture.Name).Classes:N0}";
        var length = options.TimeBudget is { } b ? $"a time budget of {Durations.Format(b)}" : $"{options.Epochs} epoch{(options.Epochs == 1 ? string.Empty : "s")}";
        output.WriteLine($"training {network.Architecture.Name} ({costs}) on Fashion-MNIST, {options.Optimizer}, batch {options.BatchSize}, {length}, device {trainer.Device.type}");
        output.WriteLine(TrainingRecipe.Describe(options));
        var input = network.Architecture.Input;
        if ((input.Channels, input.Height, input.Width) != (1, 28, 28))
        {
            output.WriteLine($"images: Fashion-MNIST's 1x28x28 resized to {input.Height}x{input.Width}{(input.Channels == 1 ? string.Empty : $", the grey channel repeated {input.Channels} times")}, as the network's input {input.Channels}x{input.Height}x{input.Width} asks");
        }

        var progress = new ProgressReporter(error, CommandKit.IsTerminal(error));
        trainer.BatchCompleted += (_, p) => progress.Batch(p);
        trainer.EpochCompleted += (_, e) =>
        {
            progress.Clear();
            output.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "epoch {0}{1}: train loss {2:F4}, test loss {3:F4}, top-1 {4:P2}, top-5 {5:P2}, {6:F1} s, {7:F0} images/s, lr {8:G4}{9}",
                e.Epoch,
                options.TimeBudget is null ? $"/{options.Epochs}" : string.Empty,
                e.TrainLoss, e.TestLoss, e.TestTop1, e.TestTop5, e.Seconds, e.ImagesPerSecond, e.LearningRate,
                trainer.TimeLeft is { } left ? $", {Durations.Format(left)} left" : string.Empty));
            MetricsCsv.Save(Path.Combine(outDirectory, "metrics.csv"), trainer.History, TrainingRecipe.Describe(options));
            TrainingCurvesSvg.Save(Path.Combine(outDirectory, "curves.svg"), trainer.History, $"{network.Architecture.Name} on Fashion-MNIST");
        };

        using var stop = new StopSignals(checkpoint);
        // A budget counts from the command's start: what compiling, the self-check and loading took is spent.
        var result = trainer.Fit(train ?? fullTrain, test ?? fullTest, stop.Token, DateTime.Now - Process.GetCurrentProcess().StartTime);
        progress.Clear();
        if (result.Cancelled)
        {
            output.WriteLine($"stopped; checkpoint saved to {checkpoint}; continue with --resume");
            return stop.Signal == PosixSignal.SIGTERM ? Terminated : Interrupted;
        }

        var weights = Path.Combine(outDirectory, "weights.pt");
        trainer.SaveWeights(weights);
        if (result.History.Count > 0)
        {
            var last = result.History[^1];
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "final: top-1 {0:P2}{1} after {2:F1} s of run", last.TestTop1, options.TestTimeFlip ? " (test-time flip)" : string.Empty, trainer.Position.RunSeconds));
        }

        output.WriteLine($"wrote {weights} (averaged weights, PyTorch format), metrics.csv, curves.svg and checkpoint.bin in {outDirectory}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Before an epoch is spent: --out must be writable, and an earlier run in it is continued (--resume) or
    /// replaced (--force), never overwritten by accident. Returns an exit code when the run cannot start.
    /// </summary>
    private static int? PrepareOutput(string outDirectory, string checkpoint, Request request, TextWriter error)
    {
        try
        {
            Directory.CreateDirectory(outDirectory);
            var probe = Path.Combine(outDirectory, $".incept-write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, [0]);
            File.Delete(probe);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"incept: cannot write to --out {outDirectory}: {exception.Message}");
            return ExitCodes.Errors;
        }

        // What a run killed while saving (SIGKILL, a second Ctrl-C) left behind.
        File.Delete(checkpoint + ".tmp");

        var earlier = RunFiles.Select(f => Path.Combine(outDirectory, f)).Where(File.Exists).ToList();
        if (earlier.Count > 0 && !request.Resume && !request.Force)
        {
            error.WriteLine($"incept: {outDirectory} holds an earlier run ({string.Join(", ", earlier.Select(Path.GetFileName))}); continue it with --resume, replace it with --force, or pick another --out");
            return ExitCodes.Errors;
        }

        if (request.Force)
        {
            earlier.ForEach(File.Delete);
        }

        return null;
    }

    private static readonly string[] RunFiles = ["checkpoint.bin", "metrics.csv", "curves.svg", "weights.pt"];

    /// <summary>The command-line flag of each trainer option that the command sets.</summary>
    private static readonly IReadOnlyDictionary<string, string> OptionFlags = new Dictionary<string, string>
    {
        [nameof(TrainerOptions.Epochs)] = "--epochs",
        [nameof(TrainerOptions.BatchSize)] = "--batch",
        [nameof(TrainerOptions.LearningRate)] = "--lr",
        [nameof(TrainerOptions.LearningRateDecay)] = "--lr-decay",
        [nameof(TrainerOptions.DecayEveryEpochs)] = "--lr-every",
        [nameof(TrainerOptions.LabelSmoothing)] = "--label-smoothing",
        [nameof(TrainerOptions.WarmupFraction)] = "--warmup",
        [nameof(TrainerOptions.EmaDecay)] = "--ema",
        [nameof(TrainerOptions.TimeBudget)] = "--time-budget",
    };

    /// <summary>A 1000-way network on 10-class data trains to 0% top-1 quietly; say so before, with the way out.</summary>
    internal static void RequireFashionMnistClasses(DynamicNetwork network, string verb)
    {
        if (network.Classes != FashionMnist.Classes)
        {
            throw new UsageException(
                $"{network.Architecture.Name} has {network.Classes:N0} classes and Fashion-MNIST has {FashionMnist.Classes}; " +
                $"pass --classes {FashionMnist.Classes} to {verb} it with a {FashionMnist.Classes}-way classifier");
        }
    }

    internal static DynamicNetwork Build(CompilationResult compilation, string? name, int? classes)
    {
        try
        {
            return NetworkBuilder.Build(compilation, name, classes: classes);
        }
        catch (NetworkChoiceException exception)
        {
            // An unknown --network, none given for a file with several, or --classes the file cannot follow.
            throw new UsageException(exception.Problem == NetworkChoiceProblem.Classes
                ? exception.Message
                : $"{exception.Message}; networks: {string.Join(", ", compilation.Networks.Select(n => n.Name))}");
        }
    }

    /// <summary>
    /// SIGINT (Ctrl-C) and SIGTERM (schedulers, <c>docker stop</c>) stop the run after the current batch, with a
    /// checkpoint. A second signal kills the process at once, after removing the checkpoint it was writing.
    /// </summary>
    private sealed class StopSignals : IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new();
        private readonly PosixSignalRegistration[] _registrations;
        private readonly string _temporary;

        public StopSignals(string checkpoint)
        {
            _temporary = checkpoint + ".tmp";
            _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
        }

        public CancellationToken Token => _cancellation.Token;

        public PosixSignal? Signal { get; private set; }

        public void Dispose()
        {
            foreach (var registration in _registrations)
            {
                registration.Dispose();
            }

            _cancellation.Dispose();
        }

        private void Handle(PosixSignalContext context)
        {
            if (Signal is null)
            {
                Signal = context.Signal;
                context.Cancel = true;
                _cancellation.Cancel();
                return;
            }

            try
            {
                File.Delete(_temporary);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Going down anyway; the next run removes it.
            }
        }
    }
}
