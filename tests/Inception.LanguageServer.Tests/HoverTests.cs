using Inception.LanguageServer.Features;

namespace Inception.LanguageServer.Tests;

/// <summary>Hover, in process: what each kind of place shows, pinned by small inline baselines.</summary>
public sealed class HoverTests
{
    private const string Tiny = """
        block pair(c) {
          concat {
            a = conv c 1x1
            b = conv c + 8 3x3 pad=1 bn=true
          }
        }
        network Tiny {
          input 3x32x32
          classes 10
          stem = conv 16 3x3 stride=2 pad=1
          p1 = pair(8)
          p2 = pair(16)
          aux = aux_head weight=0.3 {
            global_avgpool
            linear classes
          }
          global_avgpool
          linear classes
        }
        """;

    private static string Hover(string marked) =>
        HoverFeature.Hover(Markup.Parse(marked).Context, Markup.Parse(marked).Cursor)?.Contents.Value ?? "(none)";

    [Fact]
    public void ALayerShowsItsResolvedOpShapesAndCost()
    {
        var text = Hover(Tiny.Replace("stem = conv", "stem = co$0nv", StringComparison.Ordinal));
        Assert.Contains("`conv 16 3x3 stride=2 pad=1`: stride=2 pad=1 groups=1 bias=true bn=false eps=- relu=false init_std=default", text, StringComparison.Ordinal);

        // 16 x 3 x 3 x 3 weights + 16 biases; 432 weights x 16 x 16 positions.
        Assert.Contains("| Tiny | 3x32x32 | 16x16x16 | 448 | 110,592 |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ALayerShowsOptionsTheDefaultsSectionSet()
    {
        var text = Hover("defaults {\n  conv bn=true relu=true init_std=0.1\n}\n" + Tiny.Replace("stem = conv", "stem = co$0nv", StringComparison.Ordinal));
        Assert.Contains("`conv 16 3x3 stride=2 pad=1 bn eps=0.00001 relu`: stride=2 pad=1 groups=1 bias=false bn=true eps=0.00001 relu=true init_std=0.1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ALayerInsideABlockShowsItsShapeInEachInstance()
    {
        var text = Hover(Tiny.Replace("b = conv", "b = c$0onv", StringComparison.Ordinal));

        // p1: 16 -> 16 channels (c + 8 = 16), p2: input 8 + 16 = 24 channels -> 24.
        Assert.Contains("| p1 | 16x16x16 | 16x16x16 | 2,336 |", text, StringComparison.Ordinal);
        Assert.Contains("| p2 | 24x16x16 | 24x16x16 | 5,232 |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AWidthExpressionShowsItsValueInEachInstance()
    {
        var text = Hover(Tiny.Replace("conv c + 8", "conv c +$0 8", StringComparison.Ordinal));
        Assert.Equal("```incept\nc + 8 = 16    # p1\nc + 8 = 24    # p2\n```\n", text);
    }

    [Fact]
    public void ABlockCallShowsItsArgumentsOutputAndCost()
    {
        var text = Hover(Tiny.Replace("p2 = pair(16)", "p2 = pa$0ir(16)", StringComparison.Ordinal));
        Assert.StartsWith("```incept\nblock pair(c)\n```\n", text, StringComparison.Ordinal);
        Assert.Contains("**p2** = `pair(c=16)`: 24x16x16 → **40x16x16**, 5,632 parameters", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ABlockDefinitionListsItsInstances()
    {
        var text = Hover(Tiny.Replace("block pair", "block pa$0ir", StringComparison.Ordinal));
        Assert.Contains("2 instances:", text, StringComparison.Ordinal);
        Assert.Contains("| p1 | c=8 | 16x16x16 | 24x16x16 |", text, StringComparison.Ordinal);
        Assert.Contains("| p2 | c=16 | 24x16x16 | 40x16x16 |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ANetworkShowsItsTotalsWithAndWithoutAuxiliaryHeads()
    {
        var markup = Markup.Parse(Tiny.Replace("network Tiny", "network Ti$0ny", StringComparison.Ordinal));
        var network = markup.Context.Analysis.Compilation.Networks.Single();
        var text = HoverFeature.Hover(markup.Context, markup.Cursor)!.Contents.Value;
        Assert.Contains("input 3x32x32, 10 classes", text, StringComparison.Ordinal);
        Assert.Contains($"| inference (without auxiliary heads) | {network.Parameters - network.AuxParameters:N0} |", text, StringComparison.Ordinal);
        Assert.Contains($"| with auxiliary heads | {network.Parameters:N0} |", text, StringComparison.Ordinal);

        // The aux head sits after p2 (40 channels): a global pool and a 10-way linear, 40 x 10 + 10 parameters.
        Assert.Equal(410, network.AuxParameters);
    }

    [Fact]
    public void AnAuxiliaryHeadShowsItsLossWeightAndThatItTrainsOnly()
    {
        var text = Hover(Tiny.Replace("aux = aux_head", "aux = aux_h$0ead", StringComparison.Ordinal));
        Assert.Contains("**training only**", text, StringComparison.Ordinal);
        Assert.Contains("`aux`: loss weight 0.3, 40x16x16 → 10, 410 parameters, 400 MACs (training only)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOptionShowsItsDefaultAndMeaning()
    {
        var text = Hover(Tiny.Replace("stride=2", "str$0ide=2", StringComparison.Ordinal));
        Assert.Contains("step of the window: an integer or HxW. Default: 1.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AParameterShowsItsValuePerInstance()
    {
        var text = Hover(Tiny.Replace("a = conv c 1x1", "a = conv $0c 1x1", StringComparison.Ordinal));
        Assert.Contains("- `p1`: c = 8\n- `p2`: c = 16\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NonAsciiTextBeforeATokenShiftsNothing()
    {
        // 'é' and '→' are one UTF-16 unit each, '𝛼' two: LSP's columns are UTF-16, as the compiler's are.
        var marked = Tiny.Replace("  stem = conv", "  # é → 𝛼 tenseur\n  stem = co$0nv", StringComparison.Ordinal);
        var markup = Markup.Parse(marked);
        var hover = HoverFeature.Hover(markup.Context, markup.Cursor)!;
        Assert.Contains("| Tiny | 3x32x32 | 16x16x16 | 448 |", hover.Contents.Value, StringComparison.Ordinal);

        var line = markup.Text.Split('\n')[hover.Range!.Start.Line];
        Assert.Equal("conv", line.Substring(hover.Range.Start.Character, 4));
    }

    [Fact]
    public void InceptionV3MixedSixBOutputsItsPublishedShape()
    {
        var path = Repository.Dsl("inception_v3.incept");
        var context = Markup.Open(path);
        var text = File.ReadAllText(path);
        var hover = HoverFeature.Hover(context, Markup.Find(text, "Mixed_6b = inception_c", 12))!.Contents.Value;
        Assert.Contains("**Mixed_6b** = `inception_c(c7=128)`: 768x17x17 → **768x17x17**, 1,297,408 parameters", hover, StringComparison.Ordinal);
    }
}
