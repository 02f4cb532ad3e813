using System.Diagnostics;

namespace Inception.Cli.Tests;

/// <summary>
/// Where a command writes respects what the path is, through the real <c>incept</c> process: a link is followed
/// and kept, a device or a FIFO is written into and never replaced, '-' is standard output, and an output that
/// names an input is refused before anything is written.
/// </summary>
public sealed class OutputPathTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("incept-out-").FullName;

    [Fact]
    public void AnOutputThatIsTheInputIsRefused()
    {
        var source = Copy("mini.incept");
        var before = File.ReadAllText(source);
        foreach (var args in new[] { new[] { "graph", source, "-o", source }, new[] { "export", source, "-o", source } })
        {
            var (code, output, error) = InceptCli.RunProcess(args);
            Assert.True(code == 2, $"{args[0]}: exit {code}: {error}");
            Assert.Contains("would replace the input", error, StringComparison.Ordinal);
            Assert.Equal(string.Empty, output);
            Assert.Equal(before, File.ReadAllText(source));
        }

        // Through a link to the input, too.
        var link = Path.Combine(_folder, "link.dot");
        File.CreateSymbolicLink(link, source);
        Assert.Equal(2, InceptCli.RunProcess("graph", source, "-o", link).Code);
        Assert.Equal(before, File.ReadAllText(source));
    }

    [Fact]
    public void ALinkIsFollowedAndKept()
    {
        var source = Copy("mini.incept");
        var target = Path.Combine(_folder, "graph.dot");
        File.WriteAllText(target, "old");
        var link = Path.Combine(_folder, "latest.dot");
        File.CreateSymbolicLink(link, "graph.dot");

        var (code, _, error) = InceptCli.RunProcess("graph", source, "-o", link);
        Assert.True(code == 0, error);
        Assert.Equal("graph.dot", new FileInfo(link).LinkTarget);
        Assert.StartsWith("digraph", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Fact]
    public void FormattingALinkFormatsItsTargetAndKeepsTheLink()
    {
        var real = Path.Combine(_folder, "real.incept");
        File.WriteAllText(real, "network N {\ninput 1x8x8\n   classes 2\n  global_avgpool\n linear classes\n}\n");
        var link = Path.Combine(_folder, "link.incept");
        File.CreateSymbolicLink(link, real);

        var (code, _, error) = InceptCli.RunProcess("fmt", link);
        Assert.True(code == 0, error);
        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.Equal("network N {\n  input 1x8x8\n  classes 2\n  global_avgpool\n  linear classes\n}\n", File.ReadAllText(real));
    }

    [Fact]
    public void DevicesAndStandardOutputAreWrittenIntoNotReplaced()
    {
        var source = Copy("mini.incept");
        var (code, output, error) = InceptCli.RunProcess("graph", source, "-o", "/dev/null");
        Assert.True(code == 0, error);
        Assert.Equal(string.Empty, output);
        Assert.Equal("character special file", Stat("/dev/null"));

        foreach (var target in new[] { "-", "/dev/stdout" })
        {
            (code, output, error) = InceptCli.RunProcess("graph", source, "-o", target);
            Assert.True(code == 0, error);
            Assert.StartsWith("digraph", output, StringComparison.Ordinal);
        }

        Assert.Equal("/proc/self/fd/1", new FileInfo("/dev/stdout").LinkTarget);
    }

    [Fact]
    public void ExportToStandardOutputWritesTheModelThereAndTheSummaryToStandardError()
    {
        var source = Copy("mini.incept");
        var (code, output, error) = InceptCli.RunProcess("export", source, "-o", "-");
        Assert.True(code == 0, error);
        Assert.Contains("wrote -: MiniInception, opset 13", error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrote", output, StringComparison.Ordinal);

        // The protobuf names its producer and the graph's documented input and output.
        Assert.Contains("Inception.Dsl", output, StringComparison.Ordinal);
        Assert.Contains("logits", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "-")));
    }

    [Fact]
    public void AFifoIsWrittenIntoNotReplaced()
    {
        var source = Copy("mini.incept");
        var fifo = Path.Combine(_folder, "pipe");
        using (var make = Process.Start("mkfifo", fifo))
        {
            make.WaitForExit();
        }

        var received = Path.Combine(_folder, "received.dot");
        using var reader = Process.Start("sh", $"-c \"cat '{fifo}' > '{received}'\"");
        var (code, _, error) = InceptCli.RunProcess("graph", source, "-o", fifo);
        Assert.True(code == 0, error);
        Assert.True(reader.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal("fifo", Stat(fifo));
        Assert.StartsWith("digraph", File.ReadAllText(received), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Copy(string name)
    {
        var path = Path.Combine(_folder, name);
        File.Copy(Repository.Dsl("examples/mini_inception.incept"), path);
        return path;
    }

    internal static string Stat(string path)
    {
        var start = new ProcessStartInfo("stat", $"-c %F \"{path}\"") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var kind = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return kind;
    }
}
