using System.Collections.Generic;

namespace Inception.Training.Reporting;

/// <summary>One line of a chart.</summary>
/// <param name="Label">The legend text.</param>
/// <param name="Color">An SVG colour.</param>
/// <param name="Points">(x, y) in data units, in drawing order.</param>
internal sealed record ChartSeries(string Label, string Color, IReadOnlyList<(double X, double Y)> Points);
