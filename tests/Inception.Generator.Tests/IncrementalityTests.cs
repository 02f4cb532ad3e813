using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Inception.Generator.Tests;

public sealed class IncrementalityTests
{
    private static readonly string[] Models = { "googlenet.incept", "inception_v2.incept", "inception_v3.incept" };

    [Fact]
    public void EditingOneFileLeavesTheOtherFilesOutputsCached()
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
                // Their inputs (file, import closure, claimed names) are equal to the last run's, so the step is not run.
                Assert.Equal(IncrementalStepRunReason.Cached, reason);
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
        foreach (var name in new[] { TrackingNames.Files, TrackingNames.Library, TrackingNames.Closure, TrackingNames.Generated, TrackingNames.Options })
        {
            Assert.All(result.TrackedSteps[name].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        Assert.Equal(3, result.GeneratedSources.Length);
    }

    [Fact]
    public void EditingAnImportedFileRegeneratesItsImportersOnly()
    {
        const string library = "block stem(w) {\n  conv w 3x3 bn=true\n}\n";
        const string user = "import \"lib.incept\"\nnetwork User {\n  input 1x8x8\n  classes 2\n  s = stem(4)\n  global_avgpool\n  fc = linear classes\n}\n";
        const string other = "network Other {\n  input 1x8x8\n  classes 2\n  global_avgpool\n  fc = linear classes\n}\n";
        var files = new[] { GeneratorHarness.File("/p/lib.incept", library), GeneratorHarness.File("/p/user.incept", user), GeneratorHarness.File("/p/other.incept", other) };
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.CreateDriver(files, "/p").RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(files[0], GeneratorHarness.File("/p/lib.incept", library.Replace("conv w 3x3", "conv w 5x5 pad=1", StringComparison.Ordinal))).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        var reasons = result.TrackedSteps[TrackingNames.Generated]
            .Select(step => step.Outputs.Single())
            .Where(output => ((GeneratorOutput)output.Value).Sources.Count > 0)
            .ToDictionary(output => ((GeneratorOutput)output.Value).Sources[0].HintName, output => output.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["user.User.g.cs"]);
        Assert.Equal(IncrementalStepRunReason.Cached, reasons["other.Other.g.cs"]);
        Assert.Contains("(5, 5)", result.GeneratedSources.Single(s => s.HintName.Contains("User", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);
        Assert.Contains("// lib.incept(2): conv w 5x5 pad=1 bn=true", result.GeneratedSources.Single(s => s.HintName.Contains("User", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ANetworkNameTakenByAnotherFileIsAnInceptError()
    {
        const string text = "network Same {\n  input 1x8x8\n  classes 2\n  global_avgpool\n  fc = linear classes\n}\n";
        var files = new[] { GeneratorHarness.File("/p/a.incept", text), GeneratorHarness.File("/p/b.incept", text) };
        var result = GeneratorHarness.CreateDriver(files, "/p").RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("INC0106", diagnostic.Id);
        Assert.Equal("/p/b.incept", diagnostic.Location.GetLineSpan().Path);
        Assert.Single(result.GeneratedTrees);
    }
}
