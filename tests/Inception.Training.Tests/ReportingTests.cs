using System.Xml.Linq;
using Inception.Training.Metrics;
using Inception.Training.Reporting;

namespace Inception.Training.Tests;

public sealed class ReportingTests
{
    private static readonly EpochMetrics[] History =
    [
        new(1, 1.25, 0.5, 1.0, 0.6, 0.9, 12.5, 800, 0.045),
        new(2, 0.75, 0.7, 0.8, 0.75, 0.975, 11.0, 850.5, 0.045),
        new(3, 0.5, 0.8, 0.7, 0.8125, 0.99, 10.75, 900, 0.0423),
    ];

    [Fact]
    public void The_csv_has_a_header_and_one_invariant_row_per_epoch()
    {
        using var writer = new StringWriter();

        MetricsCsv.Write(writer, History.Take(2));

        Assert.Equal(
            "epoch,train_loss,train_top1,test_loss,test_top1,test_top5,seconds,images_per_second,learning_rate\n" +
            "1,1.25,0.5,1,0.6,0.9,12.5,800,0.045\n" +
            "2,0.75,0.7,0.8,0.75,0.975,11,850.5,0.045\n",
            writer.ToString());
    }

    [Fact]
    public void The_svg_is_well_formed_with_both_panels_axes_and_five_curves()
    {
        var document = XDocument.Parse(TrainingCurvesSvg.Render(History, "Tiny & run"));
        XNamespace svg = "http://www.w3.org/2000/svg";

        var texts = document.Descendants(svg + "text").Select(text => text.Value).ToList();
        Assert.Contains("Loss", texts);
        Assert.Contains("Accuracy", texts);
        Assert.Contains("epoch", texts);
        Assert.Contains("loss", texts);
        Assert.Contains("accuracy (%)", texts);
        Assert.Contains("test top-5", texts);
        Assert.Contains("100", texts);
        Assert.Equal("Tiny & run", document.Root!.Element(svg + "title")!.Value);

        var curves = document.Descendants(svg + "polyline").ToList();
        Assert.Equal(5, curves.Count);
        Assert.All(curves, curve => Assert.Equal(3, curve.Attribute("points")!.Value.Split(' ').Length));
        Assert.Equal(15, document.Descendants(svg + "circle").Count());
    }

    [Fact]
    public void Higher_values_are_drawn_higher_up()
    {
        var document = XDocument.Parse(TrainingCurvesSvg.Render(History));
        XNamespace svg = "http://www.w3.org/2000/svg";

        // The train loss falls, so its points go down the page: SVG's y grows downwards.
        var trainLoss = document.Descendants(svg + "polyline").First().Attribute("points")!.Value
            .Split(' ')
            .Select(point => double.Parse(point.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(trainLoss[0] < trainLoss[1] && trainLoss[1] < trainLoss[2]);
    }

    [Fact]
    public void A_single_epoch_still_renders()
    {
        var document = XDocument.Parse(TrainingCurvesSvg.Render(History.Take(1).ToList()));

        Assert.Equal(5, document.Descendants(XName.Get("circle", "http://www.w3.org/2000/svg")).Count());
    }
}
