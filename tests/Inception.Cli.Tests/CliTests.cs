using System.Text.Json;
using Inception.Cli;

namespace Inception.Cli.Tests;

public sealed class CliTests
{
    [Fact]
    public void StatsJsonHasTheDocumentedFieldsAndTotals()
    {
        var (code, output, _) = Run("stats", Repository.Dsl("googlenet.incept"), "--format", "json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("GoogLeNet", root.GetProperty("model").GetString());
        Assert.Equal(new[] { 3, 224, 224 }, root.GetProperty("input").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(13_004_888, root.GetProperty("parameters").GetInt64());
        Assert.Equal(6_379_984, root.GetProperty("aux_parameters").GetInt64());
        Assert.Equal(1_498_376_192, root.GetProperty("macs").GetInt64());
        Assert.Equal(2 * 1_498_376_192L, root.GetProperty("flops").GetInt64());
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(13_004_888, layers.Sum(l => l.GetProperty("parameters").GetInt64()));
        Assert.Equal(1_498_376_192, layers.Where(l => !l.GetProperty("auxiliary").GetBoolean()).Sum(l => l.GetProperty("macs").GetInt64()));
        // Feature maps are [C, H, W]; the flat features of a linear are [F], as torch gives them without the batch.
        var fc = layers.Single(l => l.GetProperty("path").GetString() == "fc");
        Assert.Equal(new[] { 1000 }, fc.GetProperty("output").EnumerateArray().Select(e => e.GetInt32()));
        var pool = layers.Single(l => l.GetProperty("path").GetString() == "avgpool");
        Assert.Equal(new[] { 1024, 1, 1 }, pool.GetProperty("output").EnumerateArray().Select(e => e.GetInt32()));
        Assert.All(layers.Where(l => l.GetProperty("op").GetString() is "conv" or "maxpool" or "concat"), l => Assert.Equal(3, l.GetProperty("output").GetArrayLength()));
        Assert.All(layers.Where(l => l.GetProperty("op").GetString() is "linear"), l => Assert.Equal(1, l.GetProperty("output").GetArrayLength()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void DepthChangesTheRowsButNeverTheTotals(int depth)
    {
        var (_, full, _) = Run("stats", Repository.Dsl("inception_v3.incept"), "--format", "json");
        var (code, folded, _) = Run("stats", Repository.Dsl("inception_v3.incept"), "--format", "json", "--depth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, code);
        using var a = JsonDocument.Parse(full);
        using var b = JsonDocument.Parse(folded);
        foreach (var total in new[] { "parameters", "aux_parameters", "macs" })
        {
            Assert.Equal(a.RootElement.GetProperty(total).GetInt64(), b.RootElement.GetProperty(total).GetInt64());
        }

        var rows = b.RootElement.GetProperty("layers").EnumerateArray().ToList();
        Assert.True(rows.Count <= a.RootElement.GetProperty("layers").GetArrayLength());
        Assert.True(depth >= 2 || rows.Count < a.RootElement.GetProperty("layers").GetArrayLength());
        Assert.Equal(27_161_264, rows.Sum(r => r.GetProperty("parameters").GetInt64()));
        Assert.All(rows, r => Assert.True(r.GetProperty("path").GetString()!.Split('.').Length <= Math.Max(depth, 1)));
    }

    [Theory]
    [InlineData("table", "Parameters:      27,161,264, auxiliary heads included")]
    [InlineData("markdown", "| **Mixed_5b** |")]
    [InlineData("csv", "path,op,detail,output,parameters,macs,auxiliary,line")]
    public void StatsFormats(string format, string expected)
    {
        var (code, output, _) = Run("stats", Repository.Dsl("inception_v3.incept"), "--format", format);
        Assert.Equal(0, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    /// <summary>A terminal is 120 columns: block calls are shown as written, the totals one fact a line.</summary>
    [Theory]
    [InlineData("googlenet.incept")]
    [InlineData("inception_v3.incept")]
    [InlineData("xception.incept")]
    public void TheStatsTableFitsA120ColumnTerminal(string file)
    {
        var (code, output, _) = Run("stats", Repository.Dsl(file));
        Assert.Equal(0, code);
        Assert.All(output.Split('\n'), line => Assert.True(line.Length <= 120, $"{line.Length} columns: {line}"));
    }

    [Fact]
    public void CheckExitsZeroForTheReferenceModels()
    {
        var (code, output, error) = Run(new[] { "check" }.Concat(ReferenceModels.Files.Select(Repository.Dsl)).ToArray());
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"{ReferenceModels.Files.Length} file(s) checked, no errors", error.Trim());
    }

    [Fact]
    public void CheckPrintsMsBuildDiagnosticsAndExitsOne()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.incept");
        File.WriteAllText(path, "network N {\n  input 3x8x8\n  conv 8 3x3 wat=1\n  global_avgpool\n  linear classes\n}\n");
        try
        {
            // Diagnostics go to standard error in every command; standard output is for what a command makes.
            var (code, output, error) = Run("check", path);
            Assert.Equal(1, code);
            Assert.Equal(string.Empty, output);
            Assert.Equal($"{path}(3,14): error INC0102: 'conv' has no option 'wat'; known options: stride, pad, groups, bias, bn, eps, relu, init_std", InceptCli.Diagnostics(error));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("stats")]
    [InlineData("check")]
    [InlineData("stats", "x.incept", "--format", "yaml")]
    [InlineData("stats", "x.incept", "--depth", "-1")]
    [InlineData("stats", "x.incept", "--colour")]
    public void UsageErrorsExitTwo(params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains("--help' for", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsAnErrorNotAnException()
    {
        var (code, _, error) = Run("check", "/nonexistent/model.incept");
        Assert.Equal(1, code);
        Assert.Contains("error INC0301", error, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => InceptCli.Run(args);
}

/// <summary>Files that are not .incept sources, and options out of range, get messages in the command's words.</summary>
public sealed class CliInputTests
{
    [Fact]
    public void ADirectoryAnEndlessImportAndZeroEpochsAreClearErrors()
    {
        var directory = Directory.CreateTempSubdirectory("incept-input-").FullName;
        try
        {
            var (code, _, error) = Run("check", directory);
            Assert.Equal(1, code);
            Assert.Contains("is a directory, not a .incept file", error, StringComparison.Ordinal);

            var importer = Path.Combine(directory, "import.incept");
            File.WriteAllText(importer, "import \"/dev/zero\"\nnetwork N {\n  input 1x8x8\n  classes 2\n  global_avgpool\n  linear classes\n}\n");
            (code, _, error) = Run("check", importer);
            Assert.Equal(1, code);
            Assert.Contains($"{importer}(1,1): error INC0303: cannot read imported file '/dev/zero'", error, StringComparison.Ordinal);

            (code, _, error) = Run("train", importer, "--data", "fashion-mnist", "--epochs", "0");
            Assert.Equal(2, code);
            Assert.Contains("Option '--epochs' takes a whole number of 1 or more, not '0'.", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => InceptCli.Run(args);
}

/// <summary>
/// <c>incept fmt</c> where it cannot write (a full disk, a read-only folder) or read (a dangling link): the error is
/// reported, the source file survives whole, no temporary file stays.
/// </summary>
public sealed class FileFaultTests
{
    private const string Unformatted = "network N {\ninput 1x8x8\nclasses 2\n  global_avgpool\n      linear classes\n}\n";

    [Fact]
    public void FormattingOnAFullDiskLosesNothing()
    {
        using var mount = new TinyMount("size=64k");
        var source = Path.Combine(mount.Path, "model.incept");
        File.WriteAllText(source, Unformatted);
        FillDisk(mount.Path);

        var (code, _, error) = InceptCli.Run("fmt", source);
        Assert.Equal(1, code);
        Assert.Contains("error INC0302: cannot write the formatted file", error, StringComparison.Ordinal);
        Assert.Equal(Unformatted, File.ReadAllText(source));
        Assert.Equal(new[] { "filler", "model.incept" }, Directory.GetFiles(mount.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    /// <summary>
    /// What every written file goes through (fmt, graph --output, emit, export, metrics.csv, curves.svg,
    /// weights.pt): on a disk that fills mid-write, the earlier file stays whole and no temporary file is left.
    /// </summary>
    [Fact]
    public void AnAtomicWriteOnAFullDiskKeepsTheEarlierFile()
    {
        using var mount = new TinyMount("size=64k");
        var target = Path.Combine(mount.Path, "metrics.csv");
        File.WriteAllText(target, "earlier run\n");

        var error = Record.Exception(() => Inception.Runtime.IO.AtomicFile.WriteAllText(target, new string('x', 256 * 1024)));
        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal("earlier run\n", File.ReadAllText(target));
        Assert.Equal(new[] { "metrics.csv" }, Directory.GetFiles(mount.Path).Select(Path.GetFileName));

        FillDisk(mount.Path);
        var graph = Path.Combine(mount.Path, "graph.dot");
        var (code, _, graphError) = InceptCli.Run("graph", Repository.Dsl("inception_v4.incept"), "--output", graph);
        Assert.Equal(1, code);
        Assert.StartsWith("incept: ", graphError, StringComparison.Ordinal);
        Assert.Contains($"'{graph}'", graphError, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", graphError, StringComparison.Ordinal);
        Assert.Equal(new[] { "filler", "metrics.csv" }, Directory.GetFiles(mount.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void FormattingInAReadOnlyFolderIsAnErrorAndChangesNothing()
    {
        using var mount = new TinyMount("ro", fill: path => File.WriteAllText(Path.Combine(path, "model.incept"), Unformatted));
        var source = Path.Combine(mount.Path, "model.incept");

        var (code, output, error) = InceptCli.Run("fmt", source);
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"{source}(1,1): error INC0302: cannot write the formatted file (", error, StringComparison.Ordinal);
        Assert.Contains("the file is unchanged", error, StringComparison.Ordinal);
        Assert.Equal(Unformatted, File.ReadAllText(source));

        // --check only reads, so a read-only file can still be checked.
        (code, output, _) = InceptCli.Run("fmt", "--check", source);
        Assert.Equal(1, code);
        Assert.Equal(source, output.Trim());
    }

    [Fact]
    public void WritingIntoAFolderThatDoesNotExistSaysSo()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"incept-missing-{Guid.NewGuid():N}");
        var (code, _, error) = InceptCli.Run("graph", Repository.Dsl("googlenet.incept"), "--output", Path.Combine(missing, "googlenet.dot"));
        Assert.Equal(1, code);
        Assert.Equal($"incept: Cannot write '{Path.Combine(missing, "googlenet.dot")}': the folder '{missing}' does not exist.", error.Trim());
        Assert.False(Directory.Exists(missing));
    }

    private static void FillDisk(string folder)
    {
        try
        {
            using var filler = new FileStream(Path.Combine(folder, "filler"), FileMode.Create);
            var block = new byte[4096];
            while (true)
            {
                filler.Write(block);
                filler.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // The disk is full now.
        }
    }

    /// <summary>
    /// A file whose read fails (procfs refuses reads of clear_refs, even to root, which CI is, and which no
    /// permission bits stop) is a located INC0303 in every command that reads sources, not a stack trace.
    /// </summary>
    [Fact]
    public void AFileThatCannotBeReadIsALocatedError()
    {
        const string path = "/proc/self/clear_refs";
        foreach (var command in new[] { "check", "fmt", "stats", "graph" })
        {
            var (code, output, error) = InceptCli.Run(command, path);
            Assert.Equal(1, code);
            Assert.Equal(string.Empty, output);
            Assert.StartsWith($"{path}(1,1): error INC0303: cannot read the file: ", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ADanglingSymbolicLinkSaysWhereItPoints()
    {
        var directory = Directory.CreateTempSubdirectory("incept-link-").FullName;
        try
        {
            var link = Path.Combine(directory, "model.incept");
            File.CreateSymbolicLink(link, Path.Combine(directory, "moved.incept"));
            foreach (var command in new[] { "fmt", "check", "stats" })
            {
                var (code, _, error) = InceptCli.Run(command, link);
                Assert.Equal(1, code);
                Assert.Contains($"{link}(1,1): error INC0301: the symbolic link points to '{Path.Combine(directory, "moved.incept")}', which does not exist", error, StringComparison.Ordinal);
            }

            Assert.True(new FileInfo(link).LinkTarget is not null, "the link itself is left alone");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
