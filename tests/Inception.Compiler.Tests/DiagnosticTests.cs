using System.Text.RegularExpressions;
using Inception.Compiler.Diagnostics;

namespace Inception.Compiler.Tests;

public sealed partial class DiagnosticTests
{
    private const string Header = "network N {\n  input 3x32x32\n  classes 10\n";
    private const string Footer = "  global_avgpool\n  linear classes\n}\n";

    [Theory]
    [InlineData("  conv 16 3x3 strde=2\n", DiagnosticIds.UnknownOption, 4, 15)]
    [InlineData("  convv 16 3x3\n", DiagnosticIds.UnknownOperation, 4, 3)]
    [InlineData("  conv 16\n", DiagnosticIds.BadArguments, 4, 3)]
    [InlineData("  a = conv 16 3x3\n  a = conv 16 3x3\n", DiagnosticIds.DuplicateName, 5, 3)]
    [InlineData("  conv 16 3x3 pad=same stride=2\n", DiagnosticIds.InvalidPadding, 4, 19)]
    [InlineData("  conv 16 2x2 pad=same\n", DiagnosticIds.InvalidPadding, 4, 19)]
    [InlineData("  factorize 7 -> 1x7, 5x1 to 8, 8\n", DiagnosticIds.FactorizationMismatch, 4, 3)]
    [InlineData("  conv 16 3x3\n  expect 16x32x32\n", DiagnosticIds.ExpectationFailed, 5, 3)]
    [InlineData("  conv 16 64x64\n", DiagnosticIds.InvalidSpatialSize, 4, 3)]
    [InlineData("  concat {\n    conv 8 3x3\n    conv 8 1x1\n  }\n", DiagnosticIds.ConcatMismatch, 6, 5)]
    [InlineData("  concat {\n    { }\n    conv 8 3x3\n  }\n", DiagnosticIds.ConcatMismatch, 6, 5)]
    [InlineData("  reduce_grid kernel=1 stride=1 { conv 8 1x1 }\n", DiagnosticIds.GridReductionMismatch, 4, 3)]
    [InlineData("  conv 16 3x3 relu=maybe\n", DiagnosticIds.BadOptionValue, 4, 20)]
    [InlineData("  conv width 3x3\n", DiagnosticIds.UnknownName, 4, 8)]
    [InlineData("  x = missing_block(3)\n", DiagnosticIds.UnknownOperation, 4, 7)]
    [InlineData("  dropout 1.5\n", DiagnosticIds.InvalidValue, 4, 3)]
    [InlineData("  conv 16 3x3 )\n", DiagnosticIds.SyntaxError, 4, 15)]
    public void ReportsLocatedError(string body, string id, int line, int column)
    {
        var result = Compilation.Compile("bad.incept", Header + body + Footer);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal((line, column), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Matches(MsBuildFormat(), diagnostic.ToString());
    }

    [Fact]
    public void ReportsEveryIndependentErrorInOneRun()
    {
        var text = """
            block b(w) {
              conv w 3x3 pad=1
              conv 8 3x3 @@@
            }

            network N {
              input 3x32x32
              classes 10
              conv 16 3x3 bogus=1
              pooling 3x3
              x = b(16)
              expect 1x1x1
              global_avgpool
              linear classes
            }
            network { }
            """;
        var result = Compilation.Compile("many.incept", text);
        var ids = result.Diagnostics.Select(d => (d.Id, d.Location.Line)).ToList();
        Assert.Contains((DiagnosticIds.SyntaxError, 3), ids);
        Assert.Contains((DiagnosticIds.UnknownOption, 9), ids);
        Assert.Contains((DiagnosticIds.UnknownOperation, 10), ids);
        Assert.Contains((DiagnosticIds.SyntaxError, 16), ids);
        Assert.True(result.Diagnostics.Count >= 4);
    }

    /// <summary>A missing '}' is found at the end of the file; the message also points at the '{' left open.</summary>
    [Theory]
    [InlineData("block b(w) {\n  conv w 1x1 # {\n\nnetwork N {\n  input 3x8x8\n  classes 2\n  b(4)\n  global_avgpool\n  linear classes\n}\n", "(1,12)")]
    [InlineData("network N {\n  input 3x8x8\n  classes 2\n  concat {\n    { conv 4 1x1 }\n    { conv 4 1x1 }\n\n  global_avgpool\n  linear classes\n}\n", "(4,10)")]
    public void AMissingClosingBracePointsAtTheOpeningOne(string text, string opening)
    {
        var result = Compilation.Compile("open.incept", text);
        var error = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticIds.SyntaxError);
        Assert.Equal($"unexpected end of file; expected '}}' to close the '{{' at {opening}", error.Message);
    }

    [Fact]
    public void RecursiveBlocksAreAnErrorNotAStackOverflow()
    {
        var text = "block a { b() }\nblock b { a() }\n" + Header + "  a()\n" + Footer;
        var result = Compilation.Compile("loop.incept", text);
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticIds.RecursiveBlock);
    }

    [Fact]
    public void MissingBlockArgumentIsReported()
    {
        var text = "block a(w, h) { conv w 1x1 }\n" + Header + "  a(w=4)\n" + Footer;
        var diagnostic = Assert.Single(Compilation.Compile("args.incept", text).Diagnostics);
        Assert.Equal(DiagnosticIds.BlockArgumentMismatch, diagnostic.Id);
        Assert.Contains("'h'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnclosedBraceIsReportedAtTheEnd()
    {
        var result = Compilation.Compile("open.incept", Header + "  conv 16 3x3\n");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.SyntaxError, diagnostic.Id);
        Assert.Contains("'}'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FuzzedReferenceFilesNeverThrowAndAlwaysLocateTheirErrors()
    {
        var random = new Random(20261129);
        const string alphabet = "{}()=,;#\n x0123456789abc->";
        foreach (var file in ReferenceModels.Files)
        {
            var original = File.ReadAllText(Repository.Dsl(file));
            var lines = original.Split('\n').Length;
            for (var i = 0; i < 150; i++)
            {
                var mutated = Fuzzing.Mutate(original, random, alphabet);
                var result = Compilation.Compile(file, mutated);
                Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticIds.InternalError);
                Assert.All(result.Diagnostics, d =>
                {
                    Assert.InRange(d.Location.Line, 1, mutated.Split('\n').Length + 1);
                    Assert.True(d.Location.Column >= 1);
                });
                Assert.True(result.Diagnostics.Count > 0 || result.Networks.Count >= 1, "a file without errors yields its network:\n" + mutated);
            }

            Assert.True(lines > 10);
        }
    }

    [GeneratedRegex(@"^bad\.incept\(\d+,\d+\): error INC\d{4}: .+$")]
    private static partial Regex MsBuildFormat();
}

/// <summary>The diagnostic table is the one source of codes: each code has its entry and its row in the language reference.</summary>
public sealed class DiagnosticCatalogTests
{
    [Fact]
    public void EveryCodeHasACatalogEntryAndADocumentedRow()
    {
        var codes = typeof(DiagnosticIds).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        var reference = File.ReadAllText(Repository.Path("dsl", "LANGUAGE.md"));
        Assert.Equal(codes.OrderBy(c => c, StringComparer.Ordinal), DiagnosticCatalog.All.Select(d => d.Id).OrderBy(c => c, StringComparer.Ordinal));
        // Each code has its own row, anchored by the code, and its help link goes to that row.
        Assert.All(codes, code => Assert.Contains($"| <a id=\"{code.ToLowerInvariant()}\"></a>{code} |", reference, StringComparison.Ordinal));
        Assert.All(DiagnosticCatalog.All, d => Assert.EndsWith("LANGUAGE.md#" + d.Id.ToLowerInvariant(), d.HelpLink, StringComparison.Ordinal));
        Assert.Equal(DiagnosticCatalog.All.Count, DiagnosticCatalog.All.Select(d => d.HelpLink).Distinct().Count());
    }
}
