using Inception.Compiler.Services;
using Inception.Compiler.Syntax;
using Inception.LanguageServer.Features;

namespace Inception.LanguageServer.Tests;

/// <summary>
/// A few lines of .incept with a cursor marker <c>$0</c>, compiled as an editor would: the text without the
/// marker, the cursor's place, and the feature context (imports resolved from <paramref name="files"/> only).
/// </summary>
internal sealed record Markup(string Text, Position Cursor, DocumentContext Context)
{
    public const string Path = "/work/test/main.incept";

    public static Markup Parse(string marked, IReadOnlyDictionary<string, string>? files = null, FeatureOptions? options = null)
    {
        var at = marked.IndexOf("$0", StringComparison.Ordinal);
        var text = at < 0 ? marked : marked.Remove(at, 2);
        var map = new SourceMap(text);
        var cursor = map.PositionOf(Math.Max(0, at));
        var analysis = DocumentAnalysis.Create(Path, text, p => files is not null && files.TryGetValue(p, out var content) ? content : null);
        return new Markup(text, cursor, new DocumentContext(analysis, Array.Empty<DocumentAnalysis>(), options ?? FeatureOptions.Default));
    }

    public static string Reference(string name) => File.ReadAllText(Repository.Dsl(name));

    /// <summary>The 1-based place of the first occurrence of <paramref name="needle"/>, plus <paramref name="offset"/> characters.</summary>
    public static Position Find(string text, string needle, int offset = 0)
    {
        var at = text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{needle}' is not in the text");
        return new SourceMap(text).PositionOf(at + offset);
    }

    public static DocumentContext Open(string path)
    {
        var analysis = DocumentAnalysis.Create(path, File.ReadAllText(path), p => File.Exists(p) ? File.ReadAllText(p) : null);
        return new DocumentContext(analysis);
    }
}
