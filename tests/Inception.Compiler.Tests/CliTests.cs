using System.Text.Json;
using Inception.Cli;

namespace Inception.Compiler.Tests;

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
        Assert.All(layers, l => Assert.Equal(3, l.GetProperty("output").GetArrayLength()));
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
    [InlineData("table", "Parameters: 27,161,264")]
    [InlineData("markdown", "| **Mixed_5b** |")]
    [InlineData("csv", "path,op,detail,output,parameters,macs,auxiliary,line")]
    public void StatsFormats(string format, string expected)
    {
        var (code, output, _) = Run("stats", Repository.Dsl("inception_v3.incept"), "--format", format);
        Assert.Equal(0, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckExitsZeroForTheReferenceModels()
    {
        var (code, output, _) = Run(new[] { "check" }.Concat(ReferenceModels.Files.Select(Repository.Dsl)).ToArray());
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void CheckPrintsMsBuildDiagnosticsAndExitsOne()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.incept");
        File.WriteAllText(path, "network N {\n  input 3x8x8\n  conv 8 3x3 wat=1\n  global_avgpool\n  linear classes\n}\n");
        try
        {
            var (code, output, _) = Run("check", path);
            Assert.Equal(1, code);
            Assert.Equal($"{path}(3,14): error INC0102: 'conv' has no option 'wat'; known options: stride, pad, groups, bias, bn, eps, relu, init_std", output.Trim());
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
        Assert.Contains("usage: incept", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsAnErrorNotAnException()
    {
        var (code, output, _) = Run("check", "/nonexistent/model.incept");
        Assert.Equal(1, code);
        Assert.Contains("error INC0301", output, StringComparison.Ordinal);
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
            // check reports diagnostics on standard output, the other commands on standard error.
            var (code, output, error) = Run("check", directory);
            Assert.Equal(1, code);
            Assert.Contains("is a directory, not a .incept file", output, StringComparison.Ordinal);

            var importer = Path.Combine(directory, "import.incept");
            File.WriteAllText(importer, "import \"/dev/zero\"\nnetwork N {\n  input 1x8x8\n  classes 2\n  global_avgpool\n  linear classes\n}\n");
            (code, output, _) = Run("check", importer);
            Assert.Equal(1, code);
            Assert.Contains($"{importer}(1,1): error INC0303: cannot read imported file '/dev/zero'", output, StringComparison.Ordinal);

            (code, _, error) = Run("train", importer, "--data", "fashion-mnist", "--epochs", "0");
            Assert.Equal(2, code);
            Assert.Contains("incept: --epochs must be at least 1", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => InceptCli.Run(args);
}

/// <summary><c>incept fmt</c> on a full disk: the error is reported, the source file survives whole, no temporary file stays.</summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly string _mount = Directory.CreateTempSubdirectory("incept-tiny-").FullName;

    [Fact]
    public void FormattingOnAFullDiskLosesNothing()
    {
        var (mounted, message) = ProcessRunner.Run("mount", $"-t tmpfs -o size=64k tmpfs \"{_mount}\"", _mount, TimeSpan.FromSeconds(30));
        Assert.True(mounted == 0, "this test mounts a 64 KB tmpfs and needs root (CI runs as root): " + message);
        var source = Path.Combine(_mount, "model.incept");
        const string text = "network N {\ninput 1x8x8\nclasses 2\n  global_avgpool\n      linear classes\n}\n";
        File.WriteAllText(source, text);
        try
        {
            using var filler = new FileStream(Path.Combine(_mount, "filler"), FileMode.Create);
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

        var (code, output, _) = InceptCli.Run("fmt", source);
        Assert.Equal(1, code);
        Assert.Contains("error INC0302: cannot write the formatted file", output, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(source));
        Assert.Equal(new[] { "filler", "model.incept" }, Directory.GetFiles(_mount).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    public void Dispose()
    {
        ProcessRunner.Run("umount", $"\"{_mount}\"", Path.GetTempPath(), TimeSpan.FromSeconds(30));
        Directory.Delete(_mount, recursive: true);
    }
}
