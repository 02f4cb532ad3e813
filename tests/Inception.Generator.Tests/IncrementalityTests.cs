using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Inception.Generator.Tests;

public sealed class IncrementalityTests
{
    private static readonly string[] Models = { "googlenet.incept", "inception_v2.incept", "inception_v3.incept" };

    [Fact]
    public void EditingOneFileLeavesTheOtherNetworksCachedOrUnchanged()
    {
        var files = Models.Select(m => GeneratorHarness.File(Repository.Path("dsl", m), System.IO.File.ReadAllText(Repository.Path("dsl", m)))).ToList();
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.CreateDriver(files, Repository.Path("generated", "Inception.Models")).RunGenerators(compilation);

        var v3 = files[2];
        var edited = GeneratorHarness.File(v3.Path, v3.GetText()!.ToString().Replace("dropout 0.5", "dropout 0.4", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(v3, edited).RunGenerators(compilation);

        var result = driver.GetRunResult().Results.Single();
        var generated = result.TrackedSteps[TrackingNames.Generated];
        Assert.Equal(3, generated.Length);
        foreach (var step in generated)
        {
            var output = step.Outputs.Single();
            var sources = ((GeneratorOutput)output.Value).Sources;
            var reason = output.Reason;
            if (sources.Any(s => s.HintName == "inception_v3.InceptionV3.g.cs"))
            {
                Assert.Equal(IncrementalStepRunReason.Modified, reason);
            }
            else
            {
                Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
            }
        }

        var v3Source = result.GeneratedSources.Single(s => s.HintName.Contains("InceptionV3", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("nn.Dropout(0.4)", v3Source, StringComparison.Ordinal);
    }

    [Fact]
    public void EditingCSharpDoesNotRerunTheGenerator()
    {
        var files = Models.Select(m => GeneratorHarness.File(Repository.Path("dsl", m), System.IO.File.ReadAllText(Repository.Path("dsl", m)))).ToList();
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.CreateDriver(files, Repository.Path("generated", "Inception.Models")).RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText("class Placeholder { int changed; }", path: oldTree.FilePath));
        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        foreach (var name in new[] { TrackingNames.Files, TrackingNames.Library, TrackingNames.Generated, TrackingNames.Options })
        {
            Assert.All(result.TrackedSteps[name].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        Assert.Equal(3, result.GeneratedSources.Length);
    }
}
