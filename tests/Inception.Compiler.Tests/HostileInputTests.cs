using System.Text;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;

namespace Inception.Compiler.Tests;

/// <summary>
/// Inputs found by hostile testing that crashed the compiler, wrapped around silently or were accepted and
/// failed later. Each must end in a located diagnostic with its own code, never INC0999 or a stack overflow.
/// </summary>
public sealed class HostileInputTests
{
    [Fact]
    public void ThousandsOfNestedBracesAreALocatedError()
    {
        var text = "network N {\n  input 1x8x8\n  classes 2\n" + new string('{', 5000) + new string('}', 5000) + "\n}\n";
        var diagnostic = Assert.Single(Compile(text).Diagnostics);
        Assert.Equal(DiagnosticIds.SyntaxError, diagnostic.Id);
        Assert.Contains("nest deeper than 64", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((4, 64), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void TenThousandNestedParenthesesAreALocatedError()
    {
        var text = "network N {\n  input 1x8x8\n  classes 2\n  conv " + new string('(', 10000) + "8" + new string(')', 10000) + " 3x3\n  global_avgpool\n  linear classes\n}\n";
        var diagnostic = Assert.Single(Compile(text).Diagnostics);
        Assert.Contains("nest deeper than 64", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(4, diagnostic.Location.Line);
    }

    [Fact]
    public void TenThousandNestedConcatsAreALocatedError()
    {
        var text = "network N {\n  input 1x8x8\n  classes 2\n" + string.Concat(Enumerable.Repeat("concat {\n", 10000)) + "relu\n" + new string('}', 10000) + "\n}\n";
        var diagnostic = Assert.Single(Compile(text).Diagnostics);
        Assert.Contains("nest deeper than 64", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TenThousandChainedBlockCallsAreALocatedError()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 10000; i++)
        {
            text.Append("block b").Append(i).Append(" { b").Append(i + 1).Append("() }\n");
        }

        text.Append("block b10000 { relu }\nnetwork N {\n  input 1x8x8\n  classes 2\n  b0()\n  global_avgpool\n  linear classes\n}\n");
        var diagnostic = Assert.Single(Compile(text.ToString()).Diagnostics);
        Assert.Equal(DiagnosticIds.TooDeep, diagnostic.Id);
        Assert.Contains($"deeper than {IrBuilder.MaxDepth}", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("input 65536x65536x1", "  flatten\n", 5, DiagnosticIds.DimensionOutOfRange)]
    [InlineData("input 2147483647x2x1", "  flatten\n", 5, DiagnosticIds.DimensionOutOfRange)]
    [InlineData("input 1x8x8", "  conv 4 3x3 pad=2147483647\n", 5, DiagnosticIds.DimensionOutOfRange)]
    [InlineData("input 1000000x1000x1000", "  conv 2000000 3x3 pad=1\n", 5, DiagnosticIds.CountOverflow)]
    [InlineData("input 1x1x1", "  concat {\n    conv 2000000000 1x1\n    conv 2000000000 1x1\n  }\n", 5, DiagnosticIds.DimensionOutOfRange)]
    [InlineData("input 1x8x8", "  conv 4 3x3 stride=0\n", 5, DiagnosticIds.InvalidValue)]
    [InlineData("input 1x8x8", "  maxpool 0x0\n", 5, DiagnosticIds.InvalidValue)]
    [InlineData("input 1x8x8", "  conv 4 0x0\n", 5, DiagnosticIds.InvalidValue)]
    [InlineData("input 1x8x8", "  adaptive_avgpool 0x0\n", 5, DiagnosticIds.InvalidValue)]
    [InlineData("input 1x8x8", "  batchnorm eps=1e400\n", 5, DiagnosticIds.InvalidValue)]
    [InlineData("input 1x8x8", "  conv 4.5 3x3\n", 5, DiagnosticIds.DimensionOutOfRange)]
    [InlineData("input 1x8x8", "  conv 9223372036854775807 * 2 3x3\n", 5, DiagnosticIds.DimensionOutOfRange)]
    [InlineData("input 1x8x8", "  conv 4 3x3 init_std=0\n", 5, DiagnosticIds.InvalidValue)]
    public void OverflowAndOutOfRangeValuesAreLocatedErrors(string input, string body, int line, string id)
    {
        var text = $"network N {{\n  {input}\n  classes 2\n\n{body}  global_avgpool\n  linear classes\n}}\n";
        var result = Compile(text);
        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.NotEqual(DiagnosticIds.InternalError, d.Id));
        var first = result.Diagnostics[0];
        Assert.Equal(id, first.Id);
        Assert.Equal(line, first.Location.Line);
        Assert.Empty(result.Networks);
    }

    [Fact]
    public void AnEmptyBranchIsTheIdentity()
    {
        var result = Compile("network N {\n  input 3x8x8\n  classes 2\n  concat { { }; conv 8 3x3 pad=1 }\n  expect 11x8x8\n  global_avgpool\n  linear classes\n}\n");
        Assert.Empty(result.Diagnostics);
        var concat = Assert.Single(result.Networks[0].Nodes(), n => n.Op is ConcatOp);
        Assert.Equal(2, concat.Children.Count);
        Assert.Equal(new Shape(3, 8, 8), concat.Children[0].Output);
    }

    [Fact]
    public void ReduceGridsPoolTakesTheFilesPoolDefaultsAndItsOwnOptions()
    {
        // A 3x3/2 pool on 8x8 gives 3x3 without ceil mode, 4x4 with it, the grid of the padded stride-2 conv.
        const string body = "  reduce_grid { conv 4 3x3 stride=2 pad=1 }\n  expect 5x4x4\n  global_avgpool\n  linear classes\n}\n";
        const string network = "network N {\n  input 1x8x8\n  classes 2\n";
        Assert.Equal(DiagnosticIds.ConcatMismatch, Assert.Single(Compile(network + body).Diagnostics).Id);

        var withDefaults = Compile("defaults {\n  maxpool ceil=true\n}\n" + network + body);
        Assert.Empty(withDefaults.Diagnostics);
        var pool = (PoolOp)Assert.Single(withDefaults.Networks[0].Layers(), l => l.Op is PoolOp).Op;
        Assert.True(pool.CeilMode);

        var withPadding = Compile(network + body.Replace("reduce_grid {", "reduce_grid pad=1 {", StringComparison.Ordinal));
        Assert.Empty(withPadding.Diagnostics);
        Assert.Equal(new Pair(1, 1), ((PoolOp)Assert.Single(withPadding.Networks[0].Layers(), l => l.Op is PoolOp).Op).Padding);
    }

    [Theory]
    [InlineData("  forward = conv 4 3x3\n", 4, 13)]
    [InlineData("  training = conv 4 3x3\n", 4, 14)]
    [InlineData("  Dispose = conv 4 3x3\n", 4, 13)]
    [InlineData("  ParameterCount = conv 4 3x3\n", 4, 20)]
    [InlineData("  N = conv 4 3x3\n", 4, 7)]
    [InlineData("  aux_logits = conv 4 3x3\n", 4, 16)]
    public void LayerNamesThatClashWithModuleMembersAreReported(string body, int line, int column)
    {
        var result = Compile("network N {\n  input 1x8x8\n  classes 2\n" + body + "  global_avgpool\n  linear classes\n}\n");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.ReservedName, diagnostic.Id);
        Assert.Equal((line, column), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void ANetworkNamedLikeALibraryTypeIsReported()
    {
        foreach (var name in new[] { "torch", "Inception", "initialize" })
        {
            var diagnostic = Assert.Single(Compile($"network {name} {{\n  input 1x8x8\n  classes 2\n  global_avgpool\n  linear classes\n}}\n").Diagnostics);
            Assert.Equal(DiagnosticIds.ReservedName, diagnostic.Id);
        }
    }

    [Theory]
    [InlineData("  residual { conv 8 3x3 pad=1 }\n", DiagnosticIds.ResidualMismatch, 4, 3)]
    [InlineData("  residual { conv 4 3x3 }\n", DiagnosticIds.ResidualMismatch, 4, 3)]
    [InlineData("  residual { conv 8 3x3 pad=1; shortcut { conv 4 1x1 } }\n", DiagnosticIds.ResidualMismatch, 4, 3)]
    [InlineData("  residual {\n    shortcut { conv 4 1x1 }\n  }\n", DiagnosticIds.BodyMismatch, 4, 3)]
    [InlineData("  residual { conv 4 1x1; shortcut { }; shortcut { } }\n", DiagnosticIds.BodyMismatch, 4, 40)]
    [InlineData("  shortcut { conv 4 1x1 }\n", DiagnosticIds.MisplacedStatement, 4, 3)]
    [InlineData("  s = { residual { conv 4 1x1 } }\n", DiagnosticIds.MisplacedStatement, 4, 9)]
    [InlineData("  residual scale=big { conv 4 1x1 }\n", DiagnosticIds.BadOptionValue, 4, 18)]
    [InlineData("  residual relu=maybe { conv 4 1x1 }\n", DiagnosticIds.BadOptionValue, 4, 17)]
    [InlineData("  r = residual { conv 4 1x1 }\n", DiagnosticIds.NameCountMismatch, 4, 3)]
    [InlineData("  conv 8 3x3 groups=3\n", DiagnosticIds.GroupsMismatch, 4, 3)]
    [InlineData("  conv 8 3x3 groups=0\n", DiagnosticIds.InvalidValue, 4, 21)]
    [InlineData("  conv 8 3x3 groups=1.5\n", DiagnosticIds.InvalidValue, 4, 21)]
    [InlineData("  separable_conv 8 0x0\n", DiagnosticIds.InvalidValue, 4, 20)]
    [InlineData("  separable_conv 8 9x9\n", DiagnosticIds.InvalidSpatialSize, 4, 3)]
    [InlineData("  batchnorm affine=maybe\n", DiagnosticIds.BadOptionValue, 4, 20)]
    public void NewConstructsReportLocatedErrors(string body, string id, int line, int column)
    {
        var result = Compile("network N {\n  input 4x8x8\n  classes 2\n" + body + "  global_avgpool\n  linear classes\n}\n");
        Assert.All(result.Diagnostics, d => Assert.NotEqual(DiagnosticIds.InternalError, d.Id));
        var diagnostic = result.Diagnostics[0];
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal((line, column), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Theory]
    [InlineData("b(max)", DiagnosticIds.BadOptionValue)]
    [InlineData("b(1, yes)", DiagnosticIds.BadOptionValue)]
    public void AnOptionParameterWithAValueOfTheWrongKindIsALocatedError(string call, string id)
    {
        var result = Compile("block b(s, r = true) {\n  residual scale=s relu=r { conv 4 1x1 }\n}\nnetwork N {\n  input 4x8x8\n  classes 2\n  x = " + call + "\n  global_avgpool\n  linear classes\n}\n");
        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.NotEqual(DiagnosticIds.InternalError, d.Id));
        Assert.Contains(result.Diagnostics, d => d.Id == id);
    }

    [Fact]
    public void AParameterUsedAsAWidthAndInAnOptionIsReported()
    {
        var result = Compile("block b(s) {\n  conv s 3x3 stride=s\n}\nnetwork N {\n  input 4x8x8\n  classes 2\n  b(2)\n  global_avgpool\n  linear classes\n}\n");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.UnknownName, diagnostic.Id);
        Assert.Contains("named by an option", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((2, 8), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void APoolKindFromAParameterChoosesTheModule()
    {
        var result = Compile("block r(kind) {\n  reduce_grid pool=kind { conv 4 3x3 stride=2 }\n}\nnetwork N {\n  input 4x33x33\n  classes 2\n  a = r(max)\n  b = r(avg)\n  c = r(min)\n  global_avgpool\n  linear classes\n}\n");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.BadOptionValue, diagnostic.Id);
        Assert.Contains("'kind' must be 'max' or 'avg'", diagnostic.Message, StringComparison.Ordinal);

        var valid = Compile("block r(kind) {\n  reduce_grid pool=kind { conv 4 3x3 stride=2 }\n}\nnetwork N {\n  input 4x33x33\n  classes 2\n  a = r(max)\n  b = r(avg)\n  global_avgpool\n  linear classes\n}\n");
        Assert.Empty(valid.Diagnostics);
        var pools = valid.Networks[0].Layers().Where(l => l.Op is PoolOp).Select(l => ((PoolOp)l.Op).Mode).ToList();
        Assert.Equal(new[] { PoolKind.Max, PoolKind.Average }, pools);
    }

    [Fact]
    public void OptionParametersReachStridesAndPoolsPerInstance()
    {
        var result = Compile("block b(w, s) {\n  conv w 3x3 pad=1 stride=s\n  maxpool 3x3 stride=s pad=1\n}\nnetwork N {\n  input 4x16x16\n  classes 2\n  one = b(8, 1)\n  expect 8x16x16\n  two = b(8, 2)\n  expect 8x4x4\n  global_avgpool\n  linear classes\n}\n");
        Assert.Empty(result.Diagnostics);
        var plan = Assert.Single(result.Plans);
        Assert.Equal(new[] { "b(s=1)", "b(s=2)" }, plan.Blocks.Select(b => b.Key));
    }

    private static CompilationResult Compile(string text) => Compilation.Compile("hostile.incept", text);
}
