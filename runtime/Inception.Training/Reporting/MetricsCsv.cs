using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Inception.Runtime.IO;
using Inception.Training.Metrics;

namespace Inception.Training.Reporting;

/// <summary>Writes per-epoch metrics as CSV, one row per epoch, invariant culture, accuracies as fractions.</summary>
public static class MetricsCsv
{
    /// <summary>The header row.</summary>
    public const string Header = "epoch,train_loss,train_top1,test_loss,test_top1,test_top5,seconds,images_per_second,learning_rate";

    /// <summary>Writes the header and one row per epoch to <paramref name="path"/>, replacing the file atomically.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="history">The epochs' metrics.</param>
    /// <param name="settings">The run's settings in one line, written first as a <c># </c> comment (pandas: <c>comment="#"</c>).</param>
    public static void Save(string path, IEnumerable<EpochMetrics> history, string? settings = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, history, settings);
        AtomicFile.WriteAllText(path, writer.ToString());
    }

    /// <summary>Writes the settings comment (when given), the header and one row per epoch.</summary>
    public static void Write(TextWriter writer, IEnumerable<EpochMetrics> history, string? settings = null)
    {
        if (settings is not null)
        {
            writer.Write("# " + settings.ReplaceLineEndings(" ") + "\n");
        }

        writer.Write(Header + "\n");
        foreach (var metrics in history)
        {
            writer.Write(string.Join(
                ",",
                metrics.Epoch.ToString(CultureInfo.InvariantCulture),
                Format(metrics.TrainLoss),
                Format(metrics.TrainTop1),
                Format(metrics.TestLoss),
                Format(metrics.TestTop1),
                Format(metrics.TestTop5),
                Format(metrics.Seconds),
                Format(metrics.ImagesPerSecond),
                Format(metrics.LearningRate)) + "\n");
        }
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
