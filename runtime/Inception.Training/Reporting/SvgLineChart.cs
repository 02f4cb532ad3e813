using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text;

namespace Inception.Training.Reporting;

/// <summary>
/// Draws one line chart into an SVG document: frame, grid, ticks at round numbers, axis titles,
/// a legend, and each series as a polyline with a marker per point (so a one-epoch run still
/// shows its value). Both axes start at 0.
/// </summary>
internal static class SvgLineChart
{
    private const double MarginLeft = 64;
    private const double MarginRight = 16;
    private const double MarginTop = 32;
    private const double MarginBottom = 48;

    /// <summary>Appends the chart, drawn inside <paramref name="area"/>; <paramref name="yCeiling"/> fixes the y range (100 for percentages).</summary>
    public static void Draw(
        StringBuilder svg,
        (double Left, double Top, double Width, double Height) area,
        string title,
        string xTitle,
        string yTitle,
        IReadOnlyList<ChartSeries> series,
        double? yCeiling = null)
    {
        var points = series.SelectMany(line => line.Points).ToList();
        var xStep = Step(points.Select(point => point.X).DefaultIfEmpty(1).Max(), integral: true);
        var xMax = Ceiling(points.Select(point => point.X).DefaultIfEmpty(1).Max(), xStep);
        var yStep = Step(yCeiling ?? points.Select(point => point.Y).Where(double.IsFinite).DefaultIfEmpty(1).Max(), integral: false);
        var yMax = yCeiling ?? Ceiling(points.Select(point => point.Y).Where(double.IsFinite).DefaultIfEmpty(1).Max(), yStep);

        var plotLeft = area.Left + MarginLeft;
        var plotTop = area.Top + MarginTop;
        var plotWidth = area.Width - MarginLeft - MarginRight;
        var plotHeight = area.Height - MarginTop - MarginBottom;
        double X(double value) => plotLeft + (value / xMax * plotWidth);
        double Y(double value) => plotTop + plotHeight - (value / yMax * plotHeight);

        Text(svg, area.Left + (area.Width / 2), area.Top + 20, title, "middle", "font-size=\"14\" font-weight=\"bold\"");
        for (var tick = 0.0; tick <= yMax + (yStep / 2); tick += yStep)
        {
            Line(svg, plotLeft, Y(tick), plotLeft + plotWidth, Y(tick), "#e0e0e0");
            Text(svg, plotLeft - 6, Y(tick) + 4, Number(tick), "end");
        }

        for (var tick = 0.0; tick <= xMax + (xStep / 2); tick += xStep)
        {
            Line(svg, X(tick), plotTop + plotHeight, X(tick), plotTop + plotHeight + 4, "#000000");
            Text(svg, X(tick), plotTop + plotHeight + 18, Number(tick), "middle");
        }

        Line(svg, plotLeft, plotTop, plotLeft, plotTop + plotHeight, "#000000");
        Line(svg, plotLeft, plotTop + plotHeight, plotLeft + plotWidth, plotTop + plotHeight, "#000000");
        Text(svg, plotLeft + (plotWidth / 2), area.Top + area.Height - 8, xTitle, "middle");
        var yTitleX = area.Left + 16;
        var yTitleY = plotTop + (plotHeight / 2);
        Text(svg, yTitleX, yTitleY, yTitle, "middle", $"transform=\"rotate(-90 {Number(yTitleX)} {Number(yTitleY)})\"");

        for (var index = 0; index < series.Count; index++)
        {
            var line = series[index];
            var finite = line.Points.Where(point => double.IsFinite(point.Y)).ToList();
            var coordinates = string.Join(" ", finite.Select(point => $"{Number(X(point.X))},{Number(Y(point.Y))}"));
            svg.Append($"  <polyline fill=\"none\" stroke=\"{line.Color}\" stroke-width=\"2\" points=\"{coordinates}\" />\n");
            foreach (var point in finite)
            {
                svg.Append($"  <circle cx=\"{Number(X(point.X))}\" cy=\"{Number(Y(point.Y))}\" r=\"3\" fill=\"{line.Color}\" />\n");
            }

            var legendY = plotTop + 12 + (16 * index);
            Line(svg, plotLeft + plotWidth - 150, legendY - 4, plotLeft + plotWidth - 130, legendY - 4, line.Color, width: 2);
            Text(svg, plotLeft + plotWidth - 124, legendY, line.Label, "start");
        }
    }

    /// <summary>A round step (1, 2 or 5 times a power of ten) that cuts [0, max] into at most about six intervals.</summary>
    private static double Step(double max, bool integral)
    {
        var raw = Math.Max(max, integral ? 1 : 1e-9) / 6;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(factor => factor * power).First(candidate => candidate >= raw);
        return integral ? Math.Max(1, Math.Round(step)) : step;
    }

    private static double Ceiling(double max, double step) => Math.Max(step, Math.Ceiling(max / step) * step);

    private static void Line(StringBuilder svg, double x1, double y1, double x2, double y2, string color, double width = 1) =>
        svg.Append($"  <line x1=\"{Number(x1)}\" y1=\"{Number(y1)}\" x2=\"{Number(x2)}\" y2=\"{Number(y2)}\" stroke=\"{color}\" stroke-width=\"{Number(width)}\" />\n");

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor, string extra = "") =>
        svg.Append($"  <text x=\"{Number(x)}\" y=\"{Number(y)}\" text-anchor=\"{anchor}\" {extra}>{SecurityElement.Escape(text)}</text>\n");

    private static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);
}
