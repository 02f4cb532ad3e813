using System.Diagnostics;
using System.Globalization;
using Inception.Cli;

namespace Inception.Cli.Tests;

/// <summary>
/// `incept train` end to end on a slice of the real Fashion-MNIST (CI installs dataset-fashion-mnist): the
/// .incept file is compiled at run time, trained, and its metrics written; a second run resumes.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "incept-train-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void ShortRunLearnsAndResumes()
    {
        var model = Repository.Dsl("examples/mini_inception.incept");
        var (code, output, error) = Run("train", model, "--data", "fashion-mnist", "--subset", "3000", "--epochs", "3", "--batch", "64", "--optimizer", "sgd", "--lr", "0.05", "--seed", "1", "--out", _out);
        Assert.True(code == 0, output + error);

        var rows = Metrics();
        Assert.Equal(new[] { 1, 2, 3 }, rows.Select(r => (int)r["epoch"]));
        Assert.True(rows[2]["train_loss"] < rows[0]["train_loss"], "the training loss must fall");
        Assert.True(rows[2]["test_top1"] > 0.5, $"top-1 {rows[2]["test_top1"]} should clear chance (0.1) by far");
        Assert.True(rows[2]["test_top5"] >= rows[2]["test_top1"]);
        foreach (var file in new[] { "checkpoint.bin", "weights.pt", "curves.svg" })
        {
            Assert.True(File.Exists(Path.Combine(_out, file)), file);
        }

        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(_out, "curves.svg")).TrimStart(), StringComparison.Ordinal);

        var (resumed, resumedOutput, resumedError) = Run("train", model, "--data", "fashion-mnist", "--subset", "3000", "--epochs", "4", "--batch", "64", "--optimizer", "sgd", "--lr", "0.05", "--seed", "1", "--out", _out, "--resume");
        Assert.True(resumed == 0, resumedOutput + resumedError);
        Assert.Contains("resumed from", resumedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 3/4:", resumedOutput, StringComparison.Ordinal);
        Assert.Contains("epoch 4/4:", resumedOutput, StringComparison.Ordinal);
        Assert.Equal(new[] { 1, 2, 3, 4 }, Metrics().Select(r => (int)r["epoch"]));
    }

    /// <summary>
    /// The self-check's choice is in the first lines of every run; where oneDNN is wrong (simulated here, as this CPU
    /// may have no fault) the real process runs again one instruction set lower until oneDNN is right, and trains.
    /// </summary>
    [Fact]
    public void TrainSaysWhichConvolutionsItVerifiedAndStepsDownPastWrongOnes()
    {
        var model = Repository.Dsl("examples/mini_inception.incept");
        string[] Train(string run) => new[] { "train", model, "--data", "fashion-mnist", "--subset", "300", "--epochs", "1", "--out", Path.Combine(_out, run) };

        var (code, output, error) = InceptProcess.Run(TimeSpan.FromMinutes(3), Train("plain"));
        Assert.True(code == 0, output + error);
        Assert.Matches(@"^convolutions: oneDNN, [^\n]*matches float64 on \d+ probe convolutions, forward and backward", output);

        var faults = new Dictionary<string, string> { ["INCEPTION_CONVOLUTIONS_SIMULATE_FAULT"] = "ALL,AVX512_CORE,AVX2,AVX" };
        (code, output, error) = InceptProcess.Run(TimeSpan.FromMinutes(3), faults, Train("stepped"));
        Assert.True(code == 0, output + error);
        var lines = output.Split('\n');
        var chosen = lines.Where(l => l.StartsWith("convolutions: ", StringComparison.Ordinal)).ToList();
        Assert.Contains(chosen, l => l.Contains("wrong on this CPU: 20->64 3x3 forward: relative error 0.2", StringComparison.Ordinal));
        Assert.Contains(chosen, l => l.StartsWith("convolutions: running again with ONEDNN_MAX_CPU_ISA=SSE41", StringComparison.Ordinal));
        Assert.StartsWith("convolutions: oneDNN, ONEDNN_MAX_CPU_ISA=SSE41, matches float64", chosen[^1], StringComparison.Ordinal);
        Assert.Contains("epoch 1/1:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

        // Wrong everywhere oneDNN can go: native convolutions train; wrong there too: one line, exit 1, no trace.
        faults["INCEPTION_CONVOLUTIONS_SIMULATE_FAULT"] = "ALL,AVX512_CORE,AVX2,AVX,SSE41";
        (code, output, error) = InceptProcess.Run(TimeSpan.FromMinutes(3), faults, Train("native"));
        Assert.True(code == 0, output + error);
        Assert.StartsWith("convolutions: libtorch's native convolutions (oneDNN off), matches float64", output.Split('\n').Last(l => l.StartsWith("convolutions: ", StringComparison.Ordinal) && !l.Contains("running again", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("epoch 1/1:", output, StringComparison.Ordinal);

        faults["INCEPTION_CONVOLUTIONS_SIMULATE_FAULT"] = "ALL,AVX512_CORE,AVX2,AVX,SSE41,native";
        (code, output, error) = InceptProcess.Run(TimeSpan.FromMinutes(3), faults, Train("none"));
        Assert.Equal(1, code);
        Assert.DoesNotContain("epoch", output, StringComparison.Ordinal);
        var message = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("incept: ", StringComparison.Ordinal));
        Assert.Contains("No configuration computes convolutions right on this CPU", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    /// <summary>The same seed repeats a run exactly: the initial weights are seeded too, not only the data order.</summary>
    [Fact]
    public void TheSameSeedGivesTheSameLosses()
    {
        var model = Repository.Dsl("examples/mini_inception.incept");
        var losses = new List<string>();
        foreach (var run in new[] { "a", "b" })
        {
            var (code, output, error) = Run("train", model, "--data", "fashion-mnist", "--subset", "600", "--epochs", "1", "--batch", "64", "--optimizer", "sgd", "--lr", "0.05", "--seed", "7", "--out", Path.Combine(_out, run));
            Assert.True(code == 0, output + error);
            Assert.Contains("1 epoch,", output, StringComparison.Ordinal);
            losses.Add(Rows(Path.Combine(_out, run, "metrics.csv"))[1].Split(',')[1]);
        }

        Assert.Equal(losses[0], losses[1]);
    }

    /// <summary>A residual network (Inception-ResNet units, separable convs, a projection shortcut) trains too.</summary>
    [Fact]
    public void AResidualNetworkLearns()
    {
        var model = Repository.Dsl("examples/mini_inception_resnet.incept");
        var (code, output, error) = Run("train", model, "--data", "fashion-mnist", "--subset", "2000", "--epochs", "3", "--batch", "64", "--optimizer", "sgd", "--lr", "0.05", "--seed", "1", "--out", _out);
        Assert.True(code == 0, output + error);
        var rows = Metrics();
        Assert.True(rows[2]["train_loss"] < rows[0]["train_loss"], "the training loss must fall");
        Assert.True(rows[2]["test_top1"] > 0.3, $"top-1 {rows[2]["test_top1"]} should clear chance (0.1)");
    }

    /// <summary>Ctrl-C, and SIGTERM as schedulers and <c>docker stop</c> send it: both save, stop and can resume.</summary>
    [Theory]
    [InlineData("INT", TrainCommand.Interrupted)]
    [InlineData("TERM", TrainCommand.Terminated)]
    public void ASignalSavesACheckpointAndStopsAndResumeFinishesTheRun(string signal, int exitCode)
    {
        var model = Repository.Dsl("examples/mini_inception.incept");
        var cli = Path.Combine(AppContext.BaseDirectory, "incept.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{cli}\" train \"{model}\" --data fashion-mnist --subset 3000 --epochs 30 --batch 64 --optimizer sgd --lr 0.05 --seed 2 --out \"{_out}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();

        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("epoch 1/30:", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        using (var interrupt = Process.Start("kill", $"-{signal} {process.Id}"))
        {
            interrupt.WaitForExit();
        }

        var rest = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "the run must stop after the interrupt");
        Assert.Equal(exitCode, process.ExitCode);
        Assert.Contains("stopped; checkpoint saved", rest, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_out, "checkpoint.bin")));

        var (code, output, error) = Run("train", model, "--data", "fashion-mnist", "--subset", "3000", "--epochs", "3", "--batch", "64", "--optimizer", "sgd", "--lr", "0.05", "--seed", "2", "--out", _out, "--resume");
        Assert.True(code == 0, output + error);
        Assert.Contains("resumed from", output, StringComparison.Ordinal);
        Assert.Equal(new[] { 1, 2, 3 }, Metrics().Select(r => (int)r["epoch"]));
    }

    [Fact]
    public void ABrokenFileIsReportedLikeCheck()
    {
        var path = Path.Combine(Path.GetTempPath(), $"train-broken-{Guid.NewGuid():N}.incept");
        File.WriteAllText(path, "network N {\n  input 1x28x28\n  classes 10\n  conv 8 3x3 wat=1\n  global_avgpool\n  linear classes\n}\n");
        try
        {
            var (code, _, error) = Run("train", path, "--data", "fashion-mnist", "--out", _out);
            Assert.Equal(1, code);
            Assert.Contains($"{path}(4,14): error INC0102", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// <c>--time-budget</c> through the real process: a budget without <c>--recipe</c> takes the fast recipe (its
    /// schedule ends with the budget); the run stops, evaluates (with the test-time flip of the fast
    /// recipe) and writes its weights within the budget counted from the process's start, plus one step; the rate
    /// has reached the end of its schedule; the recipe is printed and recorded in metrics.csv and the checkpoint;
    /// and <c>eval --tta flip</c> on the weights gives the run's final top-1.
    /// </summary>
    [Fact]
    public void ATimeBudgetEndsTheRunInTimeWithTheRecipeRecorded()
    {
        var model = Repository.Dsl("examples/mini_inception.incept");
        var launched = DateTime.Now;
        var (code, output, error) = InceptProcess.Run(TimeSpan.FromMinutes(3), "train", model, "--data", "fashion-mnist", "--subset", "6000", "--time-budget", "20s", "--seed", "3", "--out", _out);
        Assert.True(code == 0, output + error);

        var rows = Metrics();
        var step = 64 / rows[^1]["images_per_second"];
        var written = (File.GetLastWriteTime(Path.Combine(_out, "weights.pt")) - launched).TotalSeconds;
        Assert.True(written <= 20 + step + 0.5, $"weights.pt written {written:F2} s after the start of a 20 s budget (a step is {step:F3} s)\n{output}");

        // The schedule (peak 0.1) ends with the budget: the last step's rate is close to zero.
        Assert.True(rows[^1]["learning_rate"] < 0.01, $"the last rate {rows[^1]["learning_rate"]} should be near the end of the schedule");

        var settings = File.ReadAllLines(Path.Combine(_out, "metrics.csv"))[0];
        Assert.StartsWith("# recipe fast, budget 20s, batch 64, sgd momentum 0.9 nesterov, lr 0.1 warmup 5% then linear to 0, weight decay 0.0005, label smoothing 0.1", settings, StringComparison.Ordinal);
        Assert.EndsWith("test-time flip", settings, StringComparison.Ordinal);
        Assert.Contains(settings[2..], output, StringComparison.Ordinal);
        Assert.Contains(settings[2..], System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(_out, "checkpoint.bin"))), StringComparison.Ordinal);
        var top1 = rows[^1]["test_top1"].ToString("P2", CultureInfo.InvariantCulture);
        Assert.Contains($"final: top-1 {top1} (test-time flip)", output, StringComparison.Ordinal);

        var (evaluated, evalOutput, evalError) = Run("eval", model, "--weights", Path.Combine(_out, "weights.pt"), "--data", "fashion-mnist", "--subset", "6000", "--tta", "flip");
        Assert.True(evaluated == 0, evalOutput + evalError);
        Assert.Contains($"with test-time flip: top-1 {top1}", evalOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void EpochsAndATimeBudgetTogetherAreAUsageError()
    {
        var (code, _, error) = Run("train", Repository.Dsl("examples/mini_inception.incept"), "--data", "fashion-mnist", "--out", _out, "--epochs", "3", "--time-budget", "10m");
        Assert.Equal(2, code);
        Assert.Contains("--epochs and --time-budget both say when the run ends; give one", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_out));
    }

    [Theory]
    [InlineData("--time-budget", "10", "Option '--time-budget' takes a duration such as 90s, 10m or 1h30m, not '10'")]
    [InlineData("--time-budget", "0s", "not '0s'")]
    [InlineData("--recipe", "slow", "Argument 'slow' not recognized. Must be one of:")]
    [InlineData("--warmup", "1", "--warmup must lie in [0, 1)")]
    [InlineData("--epochs", "0", "'--epochs' takes a whole number of 1 or more, not '0'")]
    [InlineData("--lr-decay", "2", "--lr-decay must lie in (0, 1]")]
    [InlineData("--subset", "0", "'--subset' takes a whole number of 1 or more")]
    [InlineData("--batch", "many", "'--batch' takes a whole number of 1 or more, not 'many'")]
    [InlineData("--optimizer", "adam", "Argument 'adam' not recognized. Must be one of:")]
    [InlineData("--network", "Nope", "has no network 'Nope'; networks: MiniInception")]
    public void BadOptionsAreUsageErrorsNotCrashes(string option, string value, string message)
    {
        var (code, _, error) = Run("train", Repository.Dsl("examples/mini_inception.incept"), "--data", "fashion-mnist", "--out", _out, option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumingAnotherNetworksCheckpointIsAClearError()
    {
        var (trained, output, error) = Run("train", Repository.Dsl("examples/mini_inception.incept"), "--data", "fashion-mnist", "--subset", "300", "--epochs", "1", "--out", _out);
        Assert.True(trained == 0, output + error);

        var other = Path.Combine(_out, "other.incept");
        File.WriteAllText(other, "network Other {\n  input 1x28x28\n  classes 10\n  stem = conv 8 3x3\n  pool = global_avgpool\n  fc = linear classes\n}\n");
        var (code, _, resumeError) = Run("train", other, "--data", "fashion-mnist", "--subset", "300", "--epochs", "2", "--out", _out, "--resume");
        Assert.Equal(1, code);
        Assert.Contains("do not fit the model; nothing was loaded", resumeError, StringComparison.Ordinal);
        Assert.Contains("stem.weight", resumeError, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEarlierRunIsContinuedOrReplacedNeverOverwrittenSilently()
    {
        var model = Repository.Dsl("examples/mini_inception.incept");
        string[] Train(params string[] extra) =>
            new[] { "train", model, "--data", "fashion-mnist", "--subset", "300", "--epochs", "1", "--out", _out }.Concat(extra).ToArray();
        var (code, output, error) = Run(Train());
        Assert.True(code == 0, output + error);
        var first = File.ReadAllText(Path.Combine(_out, "metrics.csv"));

        (code, output, error) = Run(Train("--seed", "5"));
        Assert.Equal(1, code);
        Assert.Contains($"incept: {_out} holds an earlier run (checkpoint.bin, metrics.csv, curves.svg, weights.pt); continue it with --resume, replace it with --force", error, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1/1", output, StringComparison.Ordinal);
        Assert.Equal(first, File.ReadAllText(Path.Combine(_out, "metrics.csv")));

        (code, output, error) = Run(Train("--seed", "5", "--force"));
        Assert.True(code == 0, output + error);
        Assert.NotEqual(first, File.ReadAllText(Path.Combine(_out, "metrics.csv")));

        (code, _, error) = Run(Train("--force", "--resume"));
        Assert.Equal(2, code);
        Assert.Contains("give one", error, StringComparison.Ordinal);
    }

    /// <summary>A read-only --out is found before the first epoch, not when the first checkpoint is written.</summary>
    [Fact]
    public void AnOutputFolderThatCannotBeWrittenIsRefusedBeforeTraining()
    {
        using var mount = new TinyMount("ro", fill: _ => { });
        var (code, output, error) = Run("train", Repository.Dsl("examples/mini_inception.incept"), "--data", "fashion-mnist", "--subset", "300", "--epochs", "1", "--out", Path.Combine(mount.Path, "run"));
        Assert.Equal(1, code);
        Assert.Contains($"incept: cannot write to --out {Path.Combine(mount.Path, "run")}: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("training ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    /// <summary>A damaged or foreign checkpoint is a bad file: exit 1 and the reason, never exit 70 and "internal error".</summary>
    [Theory]
    [InlineData("text")]
    [InlineData("random")]
    [InlineData("truncated")]
    public void ResumingADamagedCheckpointIsABadFileNotABug(string damage)
    {
        var model = Repository.Dsl("examples/mini_inception.incept");
        var checkpoint = Path.Combine(_out, "checkpoint.bin");
        if (damage == "truncated")
        {
            var (trained, trainedOutput, trainedError) = Run("train", model, "--data", "fashion-mnist", "--subset", "300", "--epochs", "1", "--out", _out);
            Assert.True(trained == 0, trainedOutput + trainedError);
            var bytes = File.ReadAllBytes(checkpoint);
            File.WriteAllBytes(checkpoint, bytes[..(bytes.Length / 2)]);
        }
        else
        {
            Directory.CreateDirectory(_out);
            var bytes = damage == "text" ? System.Text.Encoding.UTF8.GetBytes("not a checkpoint at all\n") : new byte[4096];
            if (damage == "random")
            {
                new Random(7).NextBytes(bytes);
                bytes[0] = 0xFF;
            }

            File.WriteAllBytes(checkpoint, bytes);
        }

        var (code, output, error) = InceptCli.RunProcess("train", model, "--data", "fashion-mnist", "--subset", "300", "--epochs", "2", "--out", _out, "--resume");
        Assert.True(code == 1, $"exit {code}: {output}{error}");
        Assert.Contains(checkpoint, error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    /// <summary>The partial checkpoint a killed run leaves (SIGKILL while saving) is removed, not resumed from.</summary>
    [Fact]
    public void APartialCheckpointFromAKilledRunIsRemoved()
    {
        Directory.CreateDirectory(_out);
        var partial = Path.Combine(_out, "checkpoint.bin.tmp");
        File.WriteAllBytes(partial, []);
        var (code, output, error) = Run("train", Repository.Dsl("examples/mini_inception.incept"), "--data", "fashion-mnist", "--subset", "300", "--epochs", "1", "--out", _out);
        Assert.True(code == 0, output + error);
        Assert.False(File.Exists(partial));
        Assert.True(File.Exists(Path.Combine(_out, "checkpoint.bin")));
    }

    /// <summary>
    /// A network with other classes than the data is refused with the way out; --classes rebuilds every width
    /// written with 'classes' (the main and the auxiliary classifier) and says so.
    /// </summary>
    [Fact]
    public void AClassCountThatDiffersFromTheDataIsRefusedOrAdaptedOnRequest()
    {
        Directory.CreateDirectory(_out);
        var model = Path.Combine(_out, "thousand.incept");
        File.WriteAllText(model, "network Thousand {\n  input 3x32x32\n  classes 1000\n  stem = conv 8 3x3 stride=2 bn=true relu=true\n  aux = aux_head weight=0.3 { global_avgpool; fc = linear classes }\n  pool = global_avgpool\n  fc = linear classes\n}\n");
        var run = Path.Combine(_out, "run");

        var (code, output, error) = Run("train", model, "--data", "fashion-mnist", "--subset", "300", "--epochs", "1", "--out", run);
        Assert.Equal(2, code);
        Assert.Contains("incept: Thousand has 1,000 classes and Fashion-MNIST has 10; pass --classes 10 to train it with a 10-way classifier", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(run));

        (code, output, error) = Run("train", model, "--data", "fashion-mnist", "--subset", "300", "--epochs", "1", "--out", run, "--classes", "10");
        Assert.True(code == 0, output + error);
        // 8*3*9 conv + 2*8 bn, and two 8 -> 10 classifiers; MACs: the conv's 8*3*9 per position of its 15x15 grid ((32 - 3) / 2 + 1),
        // and the main classifier's 8*10 (the aux head's are not counted): the counts of the network built.
        Assert.Contains($"({8 * 3 * 9 + 16 + (2 * ((8 * 10) + 10))} parameters, {(8 * 3 * 9 * 15 * 15) + (8 * 10):N0} MACs per image with 10 classes instead of the file's 1,000)", output, StringComparison.Ordinal);
        Assert.Contains("images: Fashion-MNIST's 1x28x28 resized to 32x32, the grey channel repeated 3 times", output, StringComparison.Ordinal);

        var fixedWidth = Path.Combine(_out, "fixed.incept");
        File.WriteAllText(fixedWidth, "network Fixed {\n  input 1x28x28\n  classes 1000\n  stem = conv 8 3x3\n  pool = global_avgpool\n  fc = linear 1000\n}\n");
        (code, _, error) = Run("train", fixedWidth, "--data", "fashion-mnist", "--subset", "300", "--epochs", "1", "--out", Path.Combine(_out, "fixed"), "--classes", "10");
        Assert.Equal(2, code);
        Assert.Contains("Fixed's output width is written as 1000, not with 'classes', so it cannot be built with 10 classes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownDataSetIsAUsageError()
    {
        var (code, _, error) = Run("train", Repository.Dsl("examples/mini_inception.incept"), "--data", "imagenet");
        Assert.Equal(2, code);
        Assert.Contains("Argument 'imagenet' not recognized. Must be one of:\n\t'fashion-mnist'", error.Replace("\r", string.Empty), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    /// <summary>metrics.csv without its settings comment: the header, then one row per epoch.</summary>
    private static string[] Rows(string path) => File.ReadAllLines(path).Where(l => !l.StartsWith('#')).ToArray();

    private List<Dictionary<string, double>> Metrics()
    {
        var lines = Rows(Path.Combine(_out, "metrics.csv"));
        var header = lines[0].Split(',');
        foreach (var column in new[] { "epoch", "train_loss", "test_loss", "test_top1", "test_top5", "seconds" })
        {
            Assert.Contains(column, header);
        }

        return lines.Skip(1)
            .Select(l => header.Zip(l.Split(','), (h, v) => (h, double.Parse(v, CultureInfo.InvariantCulture))).ToDictionary(p => p.h, p => p.Item2))
            .ToList();
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => InceptCli.Run(args);
}
