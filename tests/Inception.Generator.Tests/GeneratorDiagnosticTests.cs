using Microsoft.CodeAnalysis;

namespace Inception.Generator.Tests;

public sealed class GeneratorDiagnosticTests
{
    [Fact]
    public void CompilerErrorsAreLocatedInTheInceptFile()
    {
        const string text = "network Tiny {\n  input 1x28x28\n  classes 10\n  conv 8 3x3 strid=2\n  global_avgpool\n  linear classes\n}\n";
        var path = Path.Combine(Path.GetTempPath(), "models", "tiny.incept");
        var driver = GeneratorHarness.CreateDriver(new[] { GeneratorHarness.File(path, text) }, Path.GetTempPath())
            .RunGenerators(GeneratorHarness.Compilation());

        var result = driver.GetRunResult();
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("INC0102", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal(3, span.StartLinePosition.Line);
        Assert.Equal(13, span.StartLinePosition.Character);
        Assert.Equal("strid=2".Length, span.EndLinePosition.Character - span.StartLinePosition.Character);
        Assert.StartsWith($"{path}(4,14): error INC0102: 'conv' has no option 'strid'", diagnostic.ToString(), StringComparison.Ordinal);
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void AnUnexpectedExceptionBecomesOneDiagnosticWithItsMessage()
    {
        var path = Path.Combine(Path.GetTempPath(), "broken.incept");
        var driver = GeneratorHarness.CreateDriver(new AdditionalText[] { new GeneratorHarness.UnreadableText(path) }, Path.GetTempPath())
            .RunGenerators(GeneratorHarness.Compilation());

        var diagnostic = Assert.Single(driver.GetRunResult().Diagnostics);
        Assert.Equal("INC0999", diagnostic.Id);
        Assert.Contains("disk on fire", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(path, diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void NamespaceComesFromTheBuildProperty()
    {
        const string text = "network Tiny {\n  input 1x8x8\n  classes 2\n  global_avgpool\n  linear classes\n}\n";
        var driver = GeneratorHarness.CreateDriver(new[] { GeneratorHarness.File("/p/tiny.incept", text) }, "/p", "My.Models")
            .RunGenerators(GeneratorHarness.Compilation());
        var source = Assert.Single(driver.GetRunResult().GeneratedTrees).ToString();
        Assert.Contains("namespace My.Models;", source, StringComparison.Ordinal);
        Assert.Contains("// tiny.incept(5): linear classes", source, StringComparison.Ordinal);
    }
}
