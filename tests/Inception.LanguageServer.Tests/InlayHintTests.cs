using Inception.Compiler.Syntax;
using Inception.LanguageServer.Features;

namespace Inception.LanguageServer.Tests;

public sealed class InlayHintTests
{
    private const string Source = """
        block widen(c) {
          conv c 1x1
        }
        network N {
          input 3x16x16
          classes 4
          conv 8 3x3 pad=1
          w1 = widen(8)
          w2 = widen(12)
          global_avgpool
          linear classes
        }
        """;

    private static List<(int Line, int Character, string Label)> Hints(string text, FeatureOptions? options = null)
    {
        var markup = Markup.Parse(text, options: options);
        return InlayHintsFeature.InlayHints(markup.Context, new Position(1, 1), new Position(1000, 1))
            .Select(h => (h.Position.Line, h.Position.Character, h.Label)).ToList();
    }

    [Fact]
    public void EveryLayerAndCallEndsWithItsOutputShapeAndABlockShowsEachInstanceShape()
    {
        Assert.Equal(
            new List<(int, int, string)>
            {
                (1, 12, "→ 8x16x16 | 12x16x16"),
                (6, 18, "→ 8x16x16"),
                (7, 15, "→ 8x16x16"),
                (8, 16, "→ 12x16x16"),
                (9, 16, "→ 12x1x1"),
                (10, 16, "→ 4"),
            },
            Hints(Source));
    }

    [Fact]
    public void AnInitializationOptionTurnsThemOff() =>
        Assert.Empty(Hints(Source, FeatureOptions.Default with { InlayHints = false }));

    [Fact]
    public void AFileWithErrorsShowsNoStaleShapes() =>
        Assert.Empty(Hints(Source.Replace("conv 8 3x3", "convv 8 3x3", StringComparison.Ordinal)));

    [Fact]
    public void ManyDistinctShapesAreCountedNotListed() =>
        Assert.Equal("→ 1x1x1 | 2x1x1 | 3x1x1 | +2", InlayHintsFeature.Label(new[] { "1x1x1", "2x1x1", "1x1x1", "3x1x1", "4x1x1", "5x1x1" }));
}
