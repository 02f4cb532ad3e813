using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Inception.Generator.Tests;

/// <summary>Runs the generator in-process with Roslyn's driver, step tracking on.</summary>
internal static class GeneratorHarness
{
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files, string projectDirectory, string @namespace = "Inception.Models") =>
        CSharpGeneratorDriver.Create(
            new[] { new InceptionGenerator().AsSourceGenerator() },
            files,
            (CSharpParseOptions)CSharpParseOptions.Default,
            new OptionsProvider(new Dictionary<string, string>
            {
                ["build_property.InceptionNamespace"] = @namespace,
                ["build_property.MSBuildProjectDirectory"] = projectDirectory,
            }),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static CSharpCompilation Compilation(string code = "class Placeholder { }") =>
        CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText(code, path: "Placeholder.cs") },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    public static InMemoryText File(string path, string text) => new(path, text);

    internal sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    /// <summary>An input whose reading fails, standing for any unexpected exception at the generator's edge.</summary>
    internal sealed class UnreadableText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        [SuppressMessage("Design", "CA1065", Justification = "The failure is the point of this test double.")]
        public override SourceText GetText(CancellationToken cancellationToken = default) => throw new InvalidDataException("disk on fire");
    }

    private sealed class OptionsProvider(IReadOnlyDictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new Dictionary<string, string>());
    }

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
