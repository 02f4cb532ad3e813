using System.Diagnostics;
using System.Globalization;
using Inception.Compiler;

namespace Inception.Benchmarks;

/// <summary>
/// <c>bench training [BUDGET] [SEEDS] [RECIPES] [FILE]</c>: the time-to-accuracy question of issue 27. First the
/// training throughput of <c>incept train</c> against the emitted PyTorch <c>train.py</c> on the same network, the
/// same data and the same optimizer (alternating, in this run), and against this machine's FMA peak; then, for
/// each recipe and seed, <c>incept train FILE --data fashion-mnist --time-budget BUDGET --seed S</c> as a user runs
/// it: top-1 on the 10,000 test images, the wall-clock time from the command's start to its saved weights, and
/// the training images per second.
/// </summary>
internal static class TrainingBenchmark
{
    public static void Run(string root, string budget, int[] seeds, string[] recipes, string file)
    {
        var model = Path.Combine(root, file);
        var macs = Compilation.CompileFile(model).Networks[0];
        var peak = OnnxBenchmark.FmaPeak();
        Console.WriteLine($"training: {file}, {macs.Macs:N0} MACs per image forward ({macs.AuxMacs:N0} more in auxiliary heads), {Environment.ProcessorCount} cores");
        Console.WriteLine($"  fp32 FMA peak: {peak.GmacPerSecond:F1} GMAC/s; a training step counts 3 x the forward MACs (forward, input and weight gradients)");
        Throughput(root, model, (macs.Macs + macs.AuxMacs) * 3, peak.GmacPerSecond);

        Console.WriteLine($"  time to accuracy: incept train {file} --data fashion-mnist --time-budget {budget} --seed S");
        Console.WriteLine("  recipe   seed   top-1 (10,000 test images)   start to saved weights   images/s (training)");
        foreach (var recipe in recipes)
        {
            foreach (var seed in seeds)
            {
                var folder = Path.Combine(Path.GetTempPath(), $"incept-bench-train-{recipe}-{seed}-{Environment.ProcessId}");
                var started = DateTime.Now;
                var (code, output) = Incept(root, "train", model, "--data", "fashion-mnist", "--recipe", recipe, "--time-budget", budget, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", folder, "--force");
                if (code != 0)
                {
                    Console.WriteLine($"  {recipe,-8} {seed,4}   failed (exit {code}):\n{output}");
                    continue;
                }

                var rows = Rows(Path.Combine(folder, "metrics.csv"));
                var seconds = (File.GetLastWriteTime(Path.Combine(folder, "weights.pt")) - started).TotalSeconds;
                var imagesPerSecond = rows.Average(r => r["images_per_second"]);
                Console.WriteLine($"  {recipe,-8} {seed,4}   {rows[^1]["test_top1"],26:P2}   {seconds,20:F1} s   {imagesPerSecond,19:F0}   ({rows.Count} epochs; {folder})");
            }
        }
    }

    /// <summary>One epoch on 12,800 images, the same SGD recipe on both sides, two alternating rounds.</summary>
    private static void Throughput(string root, string model, long trainingMacs, double peak)
    {
        var emitted = Path.Combine(Path.GetTempPath(), $"incept-bench-emit-{Environment.ProcessId}");
        var (code, output) = Incept(root, "emit", model, "-o", emitted);
        if (code != 0)
        {
            Console.WriteLine($"  emit failed: {output}");
            return;
        }

        string[] common = ["--data", "fashion-mnist", "--subset", "12800", "--epochs", "1", "--batch", "64", "--optimizer", "sgd", "--seed", "1"];
        var ours = new List<double>();
        var theirs = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            var folder = Path.Combine(emitted, $"incept-{round}");
            if (Incept(root, ["train", model, .. common, "--out", folder, "--force"]).Code == 0)
            {
                ours.Add(Rows(Path.Combine(folder, "metrics.csv"))[^1]["images_per_second"]);
            }

            var run = Path.Combine(emitted, $"torch-{round}");
            var python = Start("/usr/bin/python3", emitted, [Path.Combine(emitted, "train.py"), .. common, "--threads", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), "--out", run]);
            if (python.Code == 0)
            {
                theirs.Add(Rows(Path.Combine(run, "metrics.csv"))[^1]["images_per_second"]);
            }
            else
            {
                Console.WriteLine($"  train.py failed (exit {python.Code}): {python.Output.Split('\n').LastOrDefault(l => l.Length > 0)}");
            }
        }

        void Line(string name, List<double> rates) => Console.WriteLine(rates.Count == 0
            ? $"  {name,-28} no figure"
            : $"  {name,-28} {rates.Max(),8:F0} images/s   {rates.Max() * trainingMacs / 1e9,7:F1} GMAC/s = {rates.Max() * trainingMacs / 1e9 / peak:P1} of the FMA peak");
        Console.WriteLine("  throughput (1 epoch of 12,800 images, batch 64, SGD, best of 2 alternating rounds):");
        Line("incept train (TorchSharp)", ours);
        Line("emitted train.py (PyTorch)", theirs);
        if (ours.Count > 0 && theirs.Count > 0)
        {
            Console.WriteLine($"  incept / train.py: {ours.Max() / theirs.Max():F2}");
        }

        Directory.Delete(emitted, recursive: true);
    }

    private static List<Dictionary<string, double>> Rows(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => !l.StartsWith('#')).ToArray();
        var header = lines[0].Split(',');
        return lines.Skip(1)
            .Select(l => header.Zip(l.Split(','), (h, v) => (h, double.Parse(v, CultureInfo.InvariantCulture))).ToDictionary(p => p.h, p => p.Item2))
            .ToList();
    }

    private static (int Code, string Output) Incept(string root, params string[] args) =>
        Start("dotnet", root, [Path.Combine(AppContext.BaseDirectory, "incept.dll"), .. args]);

    private static (int Code, string Output) Start(string program, string directory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
