using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;
using Inception.Runtime.IO;
using Inception.Training.Metrics;

namespace Inception.Training.Reporting;

/// <summary>
/// Renders training curves as a self-contained SVG: loss (train and test) and accuracy (test
/// top-1, test top-5, train top-1, in percent) against the epoch, side by side.
/// </summary>
public static class TrainingCurvesSvg
{
    private const double PanelWidth = 480;
    private const double PanelHeight = 360;

    /// <summary>Writes the SVG of <paramref name="history"/> to <paramref name="path"/>, replacing the file atomically.</summary>
    public static void Save(string path, IReadOnlyList<EpochMetrics> history, string title = "Training curves") =>
        AtomicFile.WriteAllText(path, Render(history, title));

    /// <summary>The SVG document for <paramref name="history"/>.</summary>
    public static string Render(IReadOnlyList<EpochMetrics> history, string title = "Training curves")
    {
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{2 * PanelWidth}\" height=\"{PanelHeight}\" viewBox=\"0 0 {2 * PanelWidth} {PanelHeight}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append($"  <title>{SecurityElement.Escape(title)}</title>\n");
        svg.Append($"  <rect width=\"{2 * PanelWidth}\" height=\"{PanelHeight}\" fill=\"#ffffff\" />\n");
        SvgLineChart.Draw(
            svg,
            (0, 0, PanelWidth, PanelHeight),
            "Loss",
            "epoch",
            "loss",
            [
                Series("train loss", "#1f77b4", history, metrics => metrics.TrainLoss),
                Series("test loss", "#d62728", history, metrics => metrics.TestLoss),
            ]);
        SvgLineChart.Draw(
            svg,
            (PanelWidth, 0, PanelWidth, PanelHeight),
            "Accuracy",
            "epoch",
            "accuracy (%)",
            [
                Series("test top-1", "#d62728", history, metrics => 100 * metrics.TestTop1),
                Series("test top-5", "#ff7f0e", history, metrics => 100 * metrics.TestTop5),
                Series("train top-1", "#1f77b4", history, metrics => 100 * metrics.TrainTop1),
            ],
            yCeiling: 100);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static ChartSeries Series(string label, string color, IReadOnlyList<EpochMetrics> history, Func<EpochMetrics, double> value) =>
        new(label, color, history.Select(metrics => ((double)metrics.Epoch, value(metrics))).ToList());
}
