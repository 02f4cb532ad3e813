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
    [InlineData("input 65536x65536x1", "  flatten\n", 5)]
    [InlineData("input 2147483647x2x1", "  flatten\n", 5)]
    [InlineData("input 1x8x8", "  conv 4 3x3 pad=2147483647\n", 5)]
    [InlineData("input 1000000x1000x1000", "  conv 2000000 3x3 pad=1\n", 5)]
    [InlineData("input 1x1x1", "  concat {\n    conv 2000000000 1x1\n    conv 2000000000 1x1\n  }\n", 5)]
    [InlineData("input 1x8x8", "  conv 4 3x3 stride=0\n", 5)]
    [InlineData("input 1x8x8", "  maxpool 0x0\n", 5)]
    [InlineData("input 1x8x8", "  conv 4 0x0\n", 5)]
    [InlineData("input 1x8x8", "  adaptive_avgpool 0x0\n", 5)]
    [InlineData("input 1x8x8", "  batchnorm eps=1e400\n", 5)]
    [InlineData("input 1x8x8", "  conv 4.5 3x3\n", 5)]
    [InlineData("input 1x8x8", "  conv 9223372036854775807 * 2 3x3\n", 5)]
    [InlineData("input 1x8x8", "  conv 4 3x3 init_std=0\n", 5)]
    public void OverflowAndOutOfRangeValuesAreLocatedErrors(string input, string body, int line)
    {
        var text = $"network N {{\n  {input}\n  classes 2\n\n{body}  global_avgpool\n  linear classes\n}}\n";
        var result = Compile(text);
        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.NotEqual(DiagnosticIds.InternalError, d.Id));
        var first = result.Diagnostics[0];
        Assert.Equal(DiagnosticIds.InvalidValue, first.Id);
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
        Assert.Equal(new Semantics.Pair(1, 1), ((PoolOp)Assert.Single(withPadding.Networks[0].Layers(), l => l.Op is PoolOp).Op).Padding);
    }

    [Theory]
    [InlineData("  forward = conv 4 3x3\n", 4, 13)]
    [InlineData("  training = conv 4 3x3\n", 4, 14)]
    [InlineData("  Dispose = conv 4 3x3\n", 4, 13)]
    [InlineData("  ParameterCount = conv 4 3x3\n", 4, 20)]
    [InlineData("  N = conv 4 3x3\n", 4, 7)]
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
        var diagnostic = Assert.Single(Compile("network torch {\n  input 1x8x8\n  classes 2\n  global_avgpool\n  linear classes\n}\n").Diagnostics);
        Assert.Equal(DiagnosticIds.ReservedName, diagnostic.Id);
    }

    private static CompilationResult Compile(string text) => Compilation.Compile("hostile.incept", text);
}
