using Inception.Compiler.Emit.Format;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Tests;

public sealed class FormatTests
{
    public static TheoryData<string> DslFiles() => new(DslPaths());

    private static IEnumerable<string> DslPaths() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "dsl"), "*.incept", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Repository.Root, path))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(DslFiles))]
    public void EveryDslFileIsAlreadyFormatted(string file)
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, file));
        Assert.Equal(text, Formatted(text));
    }

    [Theory]
    [MemberData(nameof(DslFiles))]
    public void FormatRestoresAReferenceFileFromAMessyCopy(string file)
    {
        var path = Path.Combine(Repository.Root, file);
        var original = File.ReadAllText(path);
        var messy = Messy(original, new Random(file.Length));
        Assert.NotEqual(original, messy);
        AssertFormatsSafely(path, messy);
        Assert.Equal(original, Formatted(messy));
    }

    [Fact]
    public void FormatIsIdempotentAndKeepsMeaningOnFuzzedVariants()
    {
        var random = new Random(20260514);
        const string alphabet = "  \t\t\n\n\r;;{}#=,()x1 ";
        var accepted = 0;
        foreach (var file in DslPaths())
        {
            var path = Path.Combine(Repository.Root, file);
            var original = File.ReadAllText(path);
            for (var i = 0; i < 200; i++)
            {
                var variant = Fuzzing.Mutate(i % 2 == 0 ? original : Messy(original, random), random, alphabet);
                if (Compilation.Compile(path, variant).HasErrors)
                {
                    continue;
                }

                AssertFormatsSafely(path, variant);
                accepted++;
            }
        }

        Assert.True(accepted >= 200, $"only {accepted} fuzzed variants compile");
    }

    [Fact]
    public void AMessyFileGetsTheCanonicalLayout()
    {
        const string messy =
            "# header   \r\n" +
            "network   Messy{\n" +
            "input 3x8x8;classes 10     \n" +
            "\n" +
            "\n" +
            "\ta , b=factorize 3->3x1,1x3 to 8 ,8 relu = true  # widths\n" +
            "  c=conv ( 4+4 )*2 1x1 stride = 1;conv 8 1x1#tight\n" +
            "# own line\n" +
            "      concat {  # branches\n" +
            "\n" +
            "branch1 = conv 8 1x1\n" +
            "  {conv 8 1x1;conv 8 3x3 pad=1}\n" +
            "      branch3=m()}\n" +
            "  global_avgpool ; linear classes\n" +
            "\n" +
            "}\n" +
            "block  m ( w = 8 ){ conv w 1x1 }";
        const string expected =
            "# header\n" +
            "network Messy {\n" +
            "  input 3x8x8; classes 10\n" +
            "\n" +
            "  a, b = factorize 3 -> 3x1, 1x3 to 8, 8 relu=true  # widths\n" +
            "  c = conv (4 + 4) * 2 1x1 stride=1; conv 8 1x1  #tight\n" +
            "  # own line\n" +
            "  concat {      # branches\n" +
            "    branch1 = conv 8 1x1\n" +
            "    { conv 8 1x1; conv 8 3x3 pad=1 }\n" +
            "    branch3 = m()\n" +
            "  }\n" +
            "  global_avgpool; linear classes\n" +
            "}\n" +
            "\n" +
            "block m(w=8) { conv w 1x1 }\n";
        Assert.Equal(expected, Formatted(messy));
        AssertFormatsSafely("messy.incept", messy);
    }

    [Fact]
    public void SyntaxErrorsAreReportedInsteadOfFormatting()
    {
        var result = SourceFormatter.Format("bad.incept", "network N {\n  input 3x8x8\n  conv 8 3x3 pad=\n}\n");
        Assert.Null(result.Text);
        Assert.Equal("bad.incept(3,17): error INC0001: unexpected '='; expected end of statement", Assert.Single(result.Diagnostics).ToString());
    }

    /// <summary>Idempotent, same IR, same tokens, every comment kept in order.</summary>
    private static void AssertFormatsSafely(string path, string text)
    {
        var formatted = Formatted(text);
        Assert.Equal(formatted, Formatted(formatted));
        Assert.Equal(Meaning(Compilation.Compile(path, text)), Meaning(Compilation.Compile(path, formatted)));
        Assert.Equal(Comments(text), Comments(formatted));
        Assert.Equal(Significant(text), Significant(formatted));
    }

    private static string Formatted(string text) =>
        SourceFormatter.Format("test.incept", text).Text ?? throw new InvalidOperationException("does not parse:\n" + text);

    /// <summary>The IR without source locations, which reformatting moves.</summary>
    private static List<string> Meaning(CompilationResult result)
    {
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Networks.SelectMany(n =>
                new[] { $"{n.Name} {n.Input} {n.Classes} {n.Parameters} {n.AuxParameters} {n.Macs} {n.AuxMacs} {string.Join(";", n.AuxHeads)}" }
                .Concat(n.Layers().Select(l => $"{l.Path}|{l.Op}|{l.Detail}|{l.Input}|{l.Output}|{l.Parameters}|{l.Macs}|{l.Auxiliary}")))
            .ToList();
    }

    private static List<string> Comments(string text) =>
        text.Split('\n', '\r').Where(l => l.Contains('#', StringComparison.Ordinal)).Select(l => l[l.IndexOf('#', StringComparison.Ordinal)..].TrimEnd()).ToList();

    private static List<string> Significant(string text) =>
        Tokenizer.Tokenize(text).Where(t => t.Kind != TokenKind.Newline).Select(t => $"{t.Kind} {t.Text}").ToList();

    /// <summary>
    /// The same tokens and lines with the layout spoilt: other indentation, stray blanks, extra blank lines. An
    /// end-of-line comment stays in its column, which the layout keeps.
    /// </summary>
    private static string Messy(string text, Random random) =>
        string.Join("\n", text.Split('\n').Select(line =>
        {
            var hash = line.Contains('#', StringComparison.Ordinal) ? line.IndexOf('#', StringComparison.Ordinal) : line.Length;
            var code = line[..hash].Trim().Replace(" = ", "=", StringComparison.Ordinal).Replace(", ", " ,", StringComparison.Ordinal);
            var blanks = new string(' ', random.Next(0, 3)) + (random.Next(2) == 0 ? "\t" : string.Empty);
            if (line.Trim().Length == 0)
            {
                return "\n" + blanks;
            }

            return code.Length == 0 ? blanks + line[hash..] + blanks : (blanks + code + " ").PadRight(hash) + line[hash..] + blanks;
        }));
}
