using Inception.Compiler.Emit.CSharp;

namespace Inception.Compiler.Tests;

/// <summary>
/// Small programs with their whole emitted C# inline, one per construct, in the style of dotnet/runtime's
/// RegexGeneratorOutputTests: a change to the printer shows here as a reviewed diff of real code.
/// </summary>
public sealed class EmitterBaselineTests
{
    [Fact]
    public void LeafLayers() => AssertEmits(Baselines.LeafLayersSource, Baselines.LeafLayersCode);

    [Fact]
    public void BlockWithBranchesWidthsAndAnEmptyBranch() => AssertEmits(Baselines.BranchesSource, Baselines.BranchesCode);

    [Fact]
    public void NamedSequenceInlineAuxHeadAndLinearWithBatchNorm() => AssertEmits(Baselines.HeadsSource, Baselines.HeadsCode);

    [Fact]
    public void ResidualsSeparableConvsAndOptionParameters() => AssertEmits(Baselines.ResidualsSource, Baselines.ResidualsCode);

    private static void AssertEmits(string source, string expected)
    {
        var compilation = Compilation.Compile("/models/model.incept", source);
        Assert.Empty(compilation.Diagnostics);
        var file = Assert.Single(ModelEmitter.Emit(compilation, "Baseline.Models", Path.GetFileName).Files);
        if (Environment.GetEnvironmentVariable("INCEPT_BASELINE_DUMP") is { Length: > 0 } dump)
        {
            File.WriteAllText(Path.Combine(dump, file.HintName), file.Text);
        }

        Assert.Equal(expected.ReplaceLineEndings("\n"), file.Text);
    }
}
