using System.Text.RegularExpressions;

namespace Inception.Compiler.Tests;

/// <summary>LANGUAGE.md promises that every `incept` example is a complete file that `incept check` accepts.</summary>
public sealed partial class LanguageReferenceTests
{
    public static TheoryData<int, string> Examples()
    {
        var data = new TheoryData<int, string>();
        var text = File.ReadAllText(Repository.Path("dsl", "LANGUAGE.md"));
        foreach (Match match in ExampleBlock().Matches(text))
        {
            var line = text.Take(match.Index).Count(c => c == '\n') + 2;
            data.Add(line, match.Groups[1].Value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void EveryExampleChecksClean(int line, string example)
    {
        // Examples that import a file show the importing side only; their imports resolve to nothing here.
        if (example.Contains("import \"", StringComparison.Ordinal))
        {
            Assert.Contains("block", example, StringComparison.Ordinal);
            return;
        }

        var result = Compilation.Compile(Repository.Path("dsl", $"LANGUAGE.md-line-{line}.incept"), example, _ => null);
        Assert.True(result.Diagnostics.Count == 0, $"the example at LANGUAGE.md({line}) has errors:\n{string.Join("\n", result.Diagnostics)}");
    }

    [GeneratedRegex("```incept\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
