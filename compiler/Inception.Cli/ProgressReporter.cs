using System.Globalization;
using Inception.Training;
using Inception.Training.Metrics;

namespace Inception.Cli;

/// <summary>A one-line progress bar on a terminal; on a pipe, a line every tenth of an epoch.</summary>
internal sealed class ProgressReporter(TextWriter writer, bool terminal)
{
    private const int Width = 30;
    private int _lastTenth = -1;
    private bool _drawn;

    public void Batch(BatchProgress progress)
    {
        var fraction = (double)progress.Batch / progress.Batches;
        var line = string.Format(
            CultureInfo.InvariantCulture,
            "epoch {0}{1} [{2}{3}] {4}/{5} loss {6:F4} acc {7:P1} {8:F0} img/s lr {9:G3}{10}",
            progress.Epoch,
            progress.TimeLeft is null ? $"/{progress.Epochs}" : string.Empty,
            new string('#', (int)(fraction * Width)),
            new string('.', Width - (int)(fraction * Width)),
            progress.Batch,
            progress.Batches,
            progress.RunningLoss,
            progress.RunningTop1,
            progress.ImagesPerSecond,
            progress.LearningRate,
            progress.TimeLeft is { } left ? $", {Durations.Format(left)} left" : string.Empty);
        if (terminal)
        {
            writer.Write("\r" + line);
            _drawn = true;
            return;
        }

        var tenth = (int)(fraction * 10);
        if (tenth != _lastTenth)
        {
            _lastTenth = tenth;
            writer.WriteLine(line);
        }
    }

    public void Clear()
    {
        if (_drawn)
        {
            writer.Write("\r" + new string(' ', 120) + "\r");
            _drawn = false;
        }

        _lastTenth = -1;
    }
}
