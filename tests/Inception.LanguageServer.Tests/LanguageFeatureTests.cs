using Inception.Compiler.Diagnostics;
using Inception.Compiler.Syntax;
using Inception.Compiler.Text;
using Inception.LanguageServer.Features;
using Inception.LanguageServer.Protocol;

namespace Inception.LanguageServer.Tests;

/// <summary>Completion, signature help, navigation, rename, symbols, folding, formatting, semantic tokens, code actions and diagnostics, in process.</summary>
public sealed class LanguageFeatureTests
{
    private const string Blocks = """
        block branchy(c, extra=4) {
          concat {
            left = conv c 1x1
            right = conv c + extra 3x3 pad=1
          }
        }
        """;

    private const string Net = """
        network N {
          input 3x16x16
          classes 4
          stem = conv 8 3x3 pad=1
          b1 = branchy(8)
          b2 = branchy(c=4, extra=2)
          global_avgpool
          linear classes
        }
        """;

    private static string Labels(CompletionList list) => string.Join(" ", list.Items.Select(i => i.Label));

    [Fact]
    public void AtAStatementStartOpsKeywordsAndBlocksComplete()
    {
        var markup = Markup.Parse(Blocks + "\n" + Net.Replace("  global_avgpool", "  $0\n  global_avgpool", StringComparison.Ordinal));
        var items = CompletionFeature.Complete(markup.Context, markup.Cursor).Items;
        Assert.Contains(items, i => i.Label == "conv" && i.Detail!.StartsWith("conv OUT KxK", StringComparison.Ordinal));
        Assert.Contains(items, i => i.Label == "aux_head" && i.InsertText == "aux_head weight=${1:0.3} {\n\t$0\n}");
        Assert.Contains(items, i => i.Label == "branchy" && i.InsertText == "branchy(${1:c})" && i.InsertTextFormat == LspKinds.InsertSnippet);
        Assert.DoesNotContain(items, i => i.Label == "network");
    }

    [Fact]
    public void AtTheTopLevelDeclarationsComplete()
    {
        var markup = Markup.Parse("$0\n" + Net);
        Assert.Equal("block network import defaults", Labels(CompletionFeature.Complete(markup.Context, markup.Cursor)));
    }

    [Fact]
    public void AfterAnOpItsOptionsCompleteWithDefaultsAndThoseWrittenAreLeftOut()
    {
        var markup = Markup.Parse(Net.Replace("stem = conv 8 3x3 pad=1", "stem = conv 8 3x3 pad=1 $0", StringComparison.Ordinal));
        var items = CompletionFeature.Complete(markup.Context, markup.Cursor).Items;
        // Labelled with the option's name, as clients filter and sort by label; the '=' is in the inserted text.
        var stride = Assert.Single(items, i => i.Label == "stride");
        Assert.Equal("stride (default 1)", stride.Detail);
        Assert.Equal("stride=", stride.InsertText);
        Assert.DoesNotContain(items, i => i.Label == "pad");
        Assert.Contains(items, i => i.Label == "classes");
    }

    /// <summary>
    /// The statements the binder owns complete from the same option specs it checks against: factorize offers
    /// conv's options but not the stride and padding it works out; reduce_grid's pool takes max or avg; a residual
    /// its scale and relu; after a ';' the next statement's op counts, not the first one's.
    /// </summary>
    [Theory]
    [InlineData("  a, b = factorize 3 -> 1x3, 3x1 to 8, 8 $0", "bias", "stride")]
    [InlineData("  a, b = factorize 3 -> 1x3, 3x1 to 8, 8 $0", "bn", "pad")]
    [InlineData("  reduce_grid $0{ conv 8 3x3 stride=2 }", "pool", "bias")]
    [InlineData("  residual $0{ conv 8 3x3 pad=1 }", "scale", "weight")]
    [InlineData("  pool 3x3 kind=max; conv 8 1x1 $0", "bias", "kind")]
    public void StructuralStatementsCompleteTheOptionsTheBinderAccepts(string statement, string offered, string absent)
    {
        var markup = Markup.Parse(Net.Replace("  global_avgpool", statement + "\n  global_avgpool", StringComparison.Ordinal));
        var labels = CompletionFeature.Complete(markup.Context, markup.Cursor).Items.Select(i => i.Label).ToList();
        Assert.Contains(offered, labels);
        Assert.DoesNotContain(absent, labels);
    }

    [Fact]
    public void TheGridReductionsPoolCompletesItsKinds()
    {
        var markup = Markup.Parse(Net.Replace("  global_avgpool", "  reduce_grid pool=$0 { conv 8 3x3 stride=2 }\n  global_avgpool", StringComparison.Ordinal));
        Assert.Equal("max avg classes", Labels(CompletionFeature.Complete(markup.Context, markup.Cursor)));
    }

    [Fact]
    public void InACallTheBlocksParametersCompleteByName()
    {
        var markup = Markup.Parse(Blocks + "\n" + Net.Replace("branchy(8)", "branchy(8, $0)", StringComparison.Ordinal));
        var extra = Assert.Single(CompletionFeature.Complete(markup.Context, markup.Cursor).Items, i => i.Label == "extra");
        Assert.Equal("extra=", extra.InsertText);
        Assert.Equal("parameter of branchy (default 4)", extra.Detail);
    }

    [Fact]
    public void NothingCompletesInAComment()
    {
        var markup = Markup.Parse(Net.Replace("  global_avgpool", "  conv 8 1x1 # stride=$0\n  global_avgpool", StringComparison.Ordinal));
        Assert.Empty(CompletionFeature.Complete(markup.Context, markup.Cursor).Items);
    }

    [Fact]
    public void AnEnumeratedOptionCompletesItsValues()
    {
        var markup = Markup.Parse(Net.Replace("  global_avgpool", "  pool 3x3 kind=$0\n  global_avgpool", StringComparison.Ordinal));
        Assert.Equal("max avg classes", Labels(CompletionFeature.Complete(markup.Context, markup.Cursor)));
    }

    [Fact]
    public void InABlockItsParametersComplete()
    {
        var markup = Markup.Parse(Blocks.Replace("left = conv c 1x1", "left = conv $0", StringComparison.Ordinal) + "\n" + Net);
        var labels = CompletionFeature.Complete(markup.Context, markup.Cursor).Items.Select(i => i.Label).ToList();
        Assert.Contains("c", labels);
        Assert.Contains("extra", labels);
    }

    [Fact]
    public void ImportPathsCompleteFromTheDocumentsFolder()
    {
        var folder = Directory.CreateTempSubdirectory("incept-lsp-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "blocks.incept"), Blocks);
            Directory.CreateDirectory(Path.Combine(folder.FullName, "lib"));
            File.WriteAllText(Path.Combine(folder.FullName, "lib", "more.incept"), Blocks);
            var main = Path.Combine(folder.FullName, "main.incept");
            var text = "import \"\n" + Net;
            var analysis = Compiler.Services.DocumentAnalysis.Create(main, text, _ => null);
            var list = CompletionFeature.Complete(new DocumentContext(analysis), new Position(1, 9));
            Assert.Equal("blocks.incept lib/more.incept", Labels(list));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void SignatureHelpHighlightsTheParameterByPositionOrName()
    {
        var source = Blocks + "\n" + Net;
        var markup = Markup.Parse(source.Replace("branchy(8)", "branchy(8, $0)", StringComparison.Ordinal));
        var help = SignatureHelpFeature.SignatureHelp(markup.Context, markup.Cursor)!;
        Assert.Equal("branchy(c, extra=4)", help.Signatures[0].Label);
        Assert.Equal(1, help.ActiveParameter);

        markup = Markup.Parse(source.Replace("branchy(c=4, extra=2)", "branchy(extra=$0", StringComparison.Ordinal));
        Assert.Equal(1, SignatureHelpFeature.SignatureHelp(markup.Context, markup.Cursor)!.ActiveParameter);
        markup = Markup.Parse(source.Replace("branchy(8)", "branchy($0", StringComparison.Ordinal));
        Assert.Equal(0, SignatureHelpFeature.SignatureHelp(markup.Context, markup.Cursor)!.ActiveParameter);
    }

    [Fact]
    public void DefinitionJumpsFromACallToItsBlockInAnImportedFileAndFromAParameterUseToItsDeclaration()
    {
        var files = new Dictionary<string, string> { ["/work/test/blocks.incept"] = Blocks };
        var markup = Markup.Parse("import \"blocks.incept\"\n" + Net.Replace("b1 = branchy(8)", "b1 = bran$0chy(8)", StringComparison.Ordinal), files);
        var target = Assert.Single(NavigationFeature.Definition(markup.Context, markup.Cursor));
        Assert.Equal("file:///work/test/blocks.incept", target.Uri);
        Assert.Equal(new LspRange(new LspPosition(0, 6), new LspPosition(0, 13)), target.Range);

        var import = Assert.Single(NavigationFeature.Definition(markup.Context, new Position(1, 3)));
        Assert.Equal("file:///work/test/blocks.incept", import.Uri);

        var local = Markup.Parse(Blocks.Replace("conv c + extra", "conv c + ex$0tra", StringComparison.Ordinal) + "\n" + Net);
        var parameter = Assert.Single(NavigationFeature.Definition(local.Context, local.Cursor));
        Assert.Equal(new LspRange(new LspPosition(0, 17), new LspPosition(0, 22)), parameter.Range);
    }

    [Fact]
    public void ReferencesOfABlockAreItsDeclarationAndEveryCall()
    {
        var markup = Markup.Parse(Blocks.Replace("block branchy", "block bra$0nchy", StringComparison.Ordinal) + "\n" + Net);
        var lines = NavigationFeature.References(markup.Context, markup.Cursor, includeDeclaration: true).Select(l => l.Range.Start.Line).ToList();
        Assert.Equal(new[] { 0, 10, 11 }, lines);
        Assert.Equal(2, NavigationFeature.References(markup.Context, markup.Cursor, includeDeclaration: false).Count);
    }

    [Fact]
    public void RenamingAParameterEditsItsDeclarationUsesAndNamedArguments()
    {
        var markup = Markup.Parse(Blocks.Replace("block branchy(c,", "block branchy($0c,", StringComparison.Ordinal) + "\n" + Net);
        var edit = NavigationFeature.Rename(markup.Context, markup.Cursor, "width", out var refusal)!;
        Assert.Null(refusal);
        var edits = Assert.Single(edit.DocumentChanges!).Edits;
        Assert.Equal(new[] { (0, 14), (2, 16), (3, 17), (11, 15) }, edits.Select(e => (e.Range.Start.Line, e.Range.Start.Character)));
        Assert.All(edits, e => Assert.Equal("width", e.NewText));

        var renamed = ApplyEdits(markup.Text, edits);
        var compiled = Compiler.Compilation.Compile(Markup.Path, renamed, _ => null);
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
    }

    [Fact]
    public void RenamingALayerSaysItChangesTheStateDictKey()
    {
        var markup = Markup.Parse(Net.Replace("stem = conv", "st$0em = conv", StringComparison.Ordinal));
        var edit = NavigationFeature.Rename(markup.Context, markup.Cursor, "conv1", out _)!;
        var annotation = Assert.Single(edit.ChangeAnnotations!).Value;
        Assert.True(annotation.NeedsConfirmation);
        Assert.Contains("'stem' becomes 'conv1' in the state_dict", annotation.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("st$0em = conv", null)]
    [InlineData("stem = co$0nv", "'conv' is a keyword of the language")]
    [InlineData("pad$0=1", "'pad' is an option of 'conv'")]
    [InlineData("glo$0bal_avgpool", "'global_avgpool' is a keyword of the language")]
    [InlineData("in$0put", "'input' is a keyword of the language")]
    public void PrepareRenameRefusesKeywordsOpsAndOptions(string marked, string? expected)
    {
        var markup = Markup.Parse(Net.Replace(marked.Replace("$0", string.Empty, StringComparison.Ordinal), marked, StringComparison.Ordinal));
        var result = NavigationFeature.PrepareRename(markup.Context, markup.Cursor, out var refusal);
        Assert.Equal(expected, refusal);
        Assert.Equal(expected is null, result is not null);
    }

    [Fact]
    public void RenameRefusesANewNameThatIsAKeyword()
    {
        var markup = Markup.Parse(Blocks.Replace("block branchy", "block bra$0nchy", StringComparison.Ordinal) + "\n" + Net);
        Assert.Null(NavigationFeature.Rename(markup.Context, markup.Cursor, "conv", out var refusal));
        Assert.Contains("'conv' cannot name a block", refusal, StringComparison.Ordinal);
        Assert.Null(NavigationFeature.Rename(markup.Context, markup.Cursor, "2x", out _));
    }

    [Fact]
    public void DocumentSymbolsNestLayersUnderTheirBlockOrNetwork()
    {
        var markup = Markup.Parse(Blocks + "\n" + Net);
        var symbols = SymbolsFeature.DocumentSymbols(markup.Context);
        Assert.Equal(new[] { "branchy", "N" }, symbols.Select(s => s.Name));
        Assert.Equal(new[] { "left", "right" }, symbols[0].Children!.Select(s => s.Name));
        Assert.Equal(new[] { "stem", "b1", "b2" }, symbols[1].Children!.Select(s => s.Name));
        Assert.Equal("block branchy(c, extra=4)", symbols[0].Detail);
    }

    [Fact]
    public void FoldingRangesCoverBodiesAndCommentRuns()
    {
        var markup = Markup.Parse("# one\n# two\n" + Blocks);
        var ranges = SymbolsFeature.FoldingRanges(markup.Context).Select(r => (r.StartLine, r.EndLine, r.Kind)).OrderBy(r => r.StartLine).ToList();
        Assert.Equal(new List<(int, int, string?)> { (0, 1, "comment"), (2, 6, null), (3, 5, null) }, ranges);
    }

    [Fact]
    public void FormattingIsExactlyWhatFmtWritesAndABrokenFileIsLeftAlone()
    {
        var messy = "network N {\n input 3x16x16\n    classes 4\n  conv 8 3x3   pad=1\n  global_avgpool\n  linear classes\n}\n";
        var markup = Markup.Parse(messy);
        var edit = Assert.Single(FormattingFeature.Format(markup.Context));
        Assert.Equal(Compiler.Emit.Format.SourceFormatter.Format(Markup.Path, messy).Text, edit.NewText);
        Assert.Equal("network N {\n  input 3x16x16\n  classes 4\n  conv 8 3x3 pad=1\n  global_avgpool\n  linear classes\n}\n", edit.NewText);

        Assert.Empty(FormattingFeature.Format(Markup.Parse(messy.Replace("pad=1", "pad=1 }}", StringComparison.Ordinal)).Context));
        Assert.Empty(FormattingFeature.Format(Markup.Parse(messy.TrimEnd().TrimEnd('}')).Context));
    }

    [Fact]
    public void SemanticTokensClassifyEveryKindOfToken()
    {
        var markup = Markup.Parse("# c\nblock b(w) {\n  x = conv w 3x3 pad=same\n}\n");
        var data = SemanticTokensFeature.Tokens(markup.Context).Data;
        var types = SemanticTokensFeature.TokenTypes;
        var decoded = new List<string>();
        for (var i = 0; i < data.Count; i += 5)
        {
            decoded.Add(types[data[i + 3]] + (data[i + 4] == 1 ? "*" : string.Empty));
        }

        Assert.Equal(new[] { "comment", "keyword", "class*", "parameter*", "variable*", "function", "parameter", "number", "property", "enumMember" }, decoded);
        Assert.Equal(new[] { 0, 0, 3 }, data.Take(3));
    }

    [Fact]
    public void QuickFixesCorrectAMisspeltOpAndOptionAndCloseABrace()
    {
        var source = Blocks + "\n" + Net;
        var text = source.Replace("stem = conv 8 3x3 pad=1", "stem = convv 8 3x3 padd=1", StringComparison.Ordinal);
        var markup = Markup.Parse(text);
        var diagnostics = DiagnosticsFeature.Diagnostics(markup.Context);
        var fixes = CodeActionsFeature.CodeActions(markup.Context, diagnostics);
        Assert.Contains(fixes, f => f.Title == "Change 'convv' to 'conv'");

        markup = Markup.Parse(source.Replace("8 3x3 pad=1", "8 3x3 padd=1", StringComparison.Ordinal));
        fixes = CodeActionsFeature.CodeActions(markup.Context, DiagnosticsFeature.Diagnostics(markup.Context));
        var option = Assert.Single(fixes);
        Assert.Equal("Change 'padd' to 'pad'", option.Title);
        var fixedText = ApplyEdits(markup.Text, option.Edit.Changes!.Single().Value);
        var compiled = Compiler.Compilation.Compile(Markup.Path, fixedText, _ => null);
        Assert.False(compiled.HasErrors, fixedText + string.Join("\n", compiled.Diagnostics));

        markup = Markup.Parse(source.TrimEnd().TrimEnd('}'));
        fixes = CodeActionsFeature.CodeActions(markup.Context, DiagnosticsFeature.Diagnostics(markup.Context));
        var brace = Assert.Single(fixes);
        var closed = ApplyEdits(markup.Text, brace.Edit.Changes!.Single().Value);
        Assert.False(Compiler.Compilation.Compile(Markup.Path, closed, _ => null).HasErrors, closed);
    }

    [Fact]
    public void DiagnosticsCarryCodeHelpLinkRangeAndTheOpenBrace()
    {
        var markup = Markup.Parse("network N {\n  input 3x16x16\n  concat {\n    conv 8 1x1\n");
        var diagnostic = Assert.Single(DiagnosticsFeature.Diagnostics(markup.Context));
        Assert.Equal("INC0001", diagnostic.Code);
        Assert.Equal(LspKinds.SeverityError, diagnostic.Severity);
        Assert.Equal(DiagnosticCatalog.For("INC0001").HelpLink, diagnostic.CodeDescription.Href);
        var related = Assert.Single(diagnostic.RelatedInformation!);
        Assert.Equal(new LspPosition(2, 9), related.Location.Range.Start);

        var call = Markup.Parse(Blocks + "\n" + Net.Replace("branchy(8)", "branchy(8, 1, 2)", StringComparison.Ordinal));
        var bad = Assert.Single(DiagnosticsFeature.Diagnostics(call.Context));
        Assert.Equal("INC0113", bad.Code);
        Assert.Equal(new LspPosition(0, 6), Assert.Single(bad.RelatedInformation!).Location.Range.Start);
    }

    [Fact]
    public void DiagnosticsEqualIncheckForEveryReferenceModel()
    {
        foreach (var path in Directory.GetFiles(Repository.Path("dsl"), "*.incept", SearchOption.AllDirectories))
        {
            var context = Markup.Open(path);
            Assert.Empty(DiagnosticsFeature.Diagnostics(context));
        }

        var broken = Markup.Parse(Net.Replace("conv 8 3x3", "conv 8 3x3 stride=0", StringComparison.Ordinal));
        var expected = Compiler.Compilation.Compile(Markup.Path, broken.Text, _ => null).Diagnostics.Select(d => (d.Id, d.Message, d.Location.Line - 1, d.Location.Column - 1));
        var actual = DiagnosticsFeature.Diagnostics(broken.Context).Select(d => (d.Code, d.Message, d.Range.Start.Line, d.Range.Start.Character));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void CodeLensesShowBlockInstancesAndNetworkTotals()
    {
        var markup = Markup.Parse(Blocks + "\n" + Net);
        var titles = CodeLensFeature.CodeLenses(markup.Context).Select(l => l.Command!.Title).ToList();
        var network = markup.Context.Analysis.Compilation.Networks.Single();
        Assert.StartsWith("2 instances · ", titles[0], StringComparison.Ordinal);
        Assert.Equal($"{network.Parameters:N0} parameters ({network.Parameters:N0} with auxiliary heads) · {Numbers.Short(network.Macs)} MACs · 3x16x16 → 4 classes", titles[1]);
    }

    internal static string ApplyEdits(string text, IEnumerable<TextEdit> edits)
    {
        var map = new Compiler.Services.SourceMap(text);
        foreach (var edit in edits.OrderByDescending(e => e.Range.Start.Line).ThenByDescending(e => e.Range.Start.Character))
        {
            var start = map.Offset(Lsp.FromLsp(edit.Range.Start));
            var end = map.Offset(Lsp.FromLsp(edit.Range.End));
            text = text.Substring(0, start) + edit.NewText + text.Substring(end);
        }

        return text;
    }
}
