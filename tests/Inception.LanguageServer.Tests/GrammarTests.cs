using System.Text.Json.Nodes;
using Inception.Compiler.Ops;
using Inception.Compiler.Semantics;

namespace Inception.LanguageServer.Tests;

/// <summary>
/// The VS Code extension's TextMate grammar highlights before the server starts, so its keyword lists are a copy;
/// this keeps the copy equal to the compiler's facts: a new op (one <see cref="OpCatalog"/> line) fails here until
/// the grammar names it, and so does a new structural statement.
/// </summary>
public sealed class GrammarTests
{
    private static readonly JsonNode Grammar = JsonNode.Parse(File.ReadAllText(Repository.Path("compiler", "Inception.VsCode", "syntaxes", "incept.tmLanguage.json")))!;

    [Fact]
    public void TheGrammarHighlightsExactlyTheCatalogsOps() =>
        Assert.Equal(
            OpCatalog.All.Select(d => d.Keyword).Order(StringComparer.Ordinal),
            Alternation("conv|").Order(StringComparer.Ordinal));

    [Fact]
    public void TheGrammarHighlightsEveryStructuralStatementAndHeaderWord()
    {
        var words = Alternation("concat|").ToHashSet(StringComparer.Ordinal);
        var expected = SemanticFacts.StructuralOptions.Keys.Concat(["factorize", "to", "input", "classes"]);
        Assert.Equal(expected.Order(StringComparer.Ordinal), words.Order(StringComparer.Ordinal));
    }

    /// <summary>The words of the grammar's one <c>\b(a|b|...)\b</c> rule whose list starts with <paramref name="start"/>.</summary>
    private static IEnumerable<string> Alternation(string start)
    {
        var match = Matches(Grammar).Single(m => m.Contains("\\b(" + start, StringComparison.Ordinal));
        var open = match.IndexOf("\\b(", StringComparison.Ordinal) + 3;
        return match[open..match.IndexOf(')', open)].Split('|');
    }

    private static IEnumerable<string> Matches(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "match" && p.Value is JsonValue v ? [v.GetValue<string>()] : Matches(p.Value)),
        JsonArray a => a.SelectMany(Matches),
        _ => [],
    };
}
