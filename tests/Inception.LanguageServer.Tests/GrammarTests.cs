using System.Text.Json.Nodes;
using Inception.Compiler.Ops;
using Inception.Compiler.Semantics;

namespace Inception.LanguageServer.Tests;

/// <summary>
/// The VS Code extension's TextMate grammar highlights before the server starts. It finds ops by where they stand,
/// so a new op (one <see cref="OpCatalog"/> line) needs nothing here; the structural words it lists are a copy of
/// the compiler's facts, and a new structural statement fails here until the grammar names it.
/// </summary>
public sealed class GrammarTests
{
    private static readonly JsonNode Grammar = JsonNode.Parse(File.ReadAllText(Repository.Path("compiler", "Inception.VsCode", "syntaxes", "incept.tmLanguage.json")))!;

    [Fact]
    public void TheGrammarListsNoOp()
    {
        // Ops are found by where they stand (EditorClientTests runs the grammar on every one): a list would be a copy.
        foreach (var op in OpCatalog.All.Select(d => d.Keyword))
        {
            Assert.DoesNotContain(Matches(Grammar), m => System.Text.RegularExpressions.Regex.IsMatch(m, $@"[(|]{op}[|)]"));
        }
    }

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
