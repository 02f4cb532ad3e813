namespace Inception.Cli.Tests;

/// <summary><c>incept fmt</c>: what it rewrites, what <c>--check</c> reports, and how it refuses.</summary>
public sealed class FormatCommandTests
{
    [Fact]
    public void FmtCheckListsTheFilesThatWouldChangeAndChangesNothing()
    {
        using var directory = new TemporaryDirectory();
        var clean = directory.Write("clean.incept", "block b { conv 8 1x1 }\n");
        var dirty = directory.Write("dirty.incept", "block b {conv 8 1x1}\n");

        var (code, output, _) = Run("fmt", "--check", clean, dirty);
        Assert.Equal(1, code);
        Assert.Equal(dirty, output.Trim());
        Assert.Equal("block b {conv 8 1x1}\n", File.ReadAllText(dirty));

        (code, output, _) = Run("fmt", "--check", clean);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void FmtRewritesOnlyTheFilesThatChange()
    {
        using var directory = new TemporaryDirectory();
        var clean = directory.Write("clean.incept", "block b { conv 8 1x1 }\n");
        var dirty = directory.Write("dirty.incept", "block b {conv 8 1x1}");
        var cleanWritten = File.GetLastWriteTimeUtc(clean);

        var (code, output, _) = Run("fmt", clean, dirty);
        Assert.Equal(0, code);
        Assert.Equal(dirty, output.Trim());
        Assert.Equal("block b { conv 8 1x1 }\n", File.ReadAllText(dirty));
        Assert.Equal(cleanWritten, File.GetLastWriteTimeUtc(clean));

        (code, output, _) = Run("fmt", "--check", clean, dirty);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void FmtPrintsTheDiagnosticsOfCheckForAFileThatDoesNotParse()
    {
        using var directory = new TemporaryDirectory();
        const string text = "network N {\n  input 3x8x8\n    conv 8 3x3 pad=\n  global_avgpool; linear classes\n}\n";
        var bad = directory.Write("bad.incept", text);

        var (code, output, error) = Run("fmt", bad);
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal(InceptCli.Diagnostics(Run("check", bad).Error), InceptCli.Diagnostics(error));
        Assert.Contains($"{bad}(3,19): error INC0001: ", error, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(bad));
    }

    [Theory]
    [InlineData("fmt")]
    [InlineData("fmt", "x.incept", "--chek")]
    [InlineData("fmt", "x.incept", "--write")]
    public void FmtUsageErrorsExitTwo(params string[] args) => Assert.Equal(2, Run(args).Code);

    private static (int Code, string Output, string Error) Run(params string[] args) => InceptCli.Run(args);

    private sealed class TemporaryDirectory : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("incept-fmt-").FullName;

        public string Write(string name, string text)
        {
            var path = Path.Combine(_path, name);
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose() => Directory.Delete(_path, recursive: true);
    }
}
