using System.Text.RegularExpressions;
using Inception.Cli;

namespace Inception.Cli.Tests;

/// <summary>
/// The command line as System.CommandLine makes it: per-command help that docs/cli shows verbatim, typo
/// suggestions, response files, completions, and exit code 2 (never a stack trace) for any malformed line.
/// </summary>
public sealed class CommandLineTests
{
    public static TheoryData<string> Commands() => new(CommandLine.Create().Subcommands.Select(c => c.Name));

    /// <summary>
    /// docs/cli/COMMAND.md holds the command's --help after a marker line. INCEPT_ACCEPT_SNAPSHOTS=1 rewrites
    /// the block from the current help; otherwise a difference fails, so the docs cannot drift from the parser.
    /// </summary>
    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommandHasHelpAndDocsCliShowsIt(string command)
    {
        // The installed tool's process, since the usage line names the executable (in this process, the test host).
        var (code, help) = ProcessRunner.Run("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "incept.dll")}\" {command} --help", Path.GetTempPath(), TimeSpan.FromMinutes(1));
        Assert.Equal(0, code);
        Assert.StartsWith("Description:", help, StringComparison.Ordinal);
        Assert.Contains($"incept {command} ", help, StringComparison.Ordinal);
        Assert.All(help.Split('\n'), line => Assert.True(line.TrimEnd().Length <= CommandLine.HelpWidth, line));

        var path = Repository.Path("docs", "cli", command + ".md");
        var marker = $"<!-- incept {command} --help: checked by CommandLineTests -->";
        var documented = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        var block = new Regex(Regex.Escape(marker) + "\n```text\n(.*?)```\n", RegexOptions.Singleline);
        var body = string.Join('\n', help.Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd().Split('\n').Select(l => l.TrimEnd())) + "\n";
        if (Snapshot.Accepting)
        {
            var replacement = $"{marker}\n```text\n{body}```\n";
            File.WriteAllText(path, block.IsMatch(documented) ? block.Replace(documented, _ => replacement, 1) : documented.TrimEnd() + "\n\n## Options\n\n" + replacement);
            return;
        }

        var match = block.Match(documented);
        Assert.True(match.Success, $"{path} has no help block after '{marker}'");
        Assert.Equal(body, match.Groups[1].Value);
    }

    [Theory]
    [InlineData(new[] { "stast", "x.incept" }, "incept: unknown command 'stast'; did you mean 'stats'?")]
    [InlineData(new[] { "stats", "x.incept", "--formt", "json" }, "Unknown option '--formt'. Did you mean '--format'?")]
    [InlineData(new[] { "train", "x.incept", "--data", "fashion-mnist", "--epoch", "3" }, "Unknown option '--epoch'. Did you mean '--epochs'?")]
    [InlineData(new[] { "graph", "x.incept", "--rankdir", "BT" }, "Argument 'BT' not recognized. Must be one of:")]
    public void MistakesGetSuggestionsAndExitTwo(string[] args, string expected)
    {
        var (code, output, error) = InceptCli.Run(args);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("--help' for", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--depth")]
    [InlineData("stats", "--depth", "99999999999999")]
    [InlineData("stats", "--depth=")]
    [InlineData("train", "--seed", "-1")]
    [InlineData("train", "--lr", "NaN")]
    [InlineData("export", "--output")]
    [InlineData("completions", "fish")]
    [InlineData("stats", "@/nonexistent/args.rsp")]
    public void MalformedLinesAreUsageErrorsNotCrashes(params string[] args)
    {
        var (code, output, error) = InceptCli.Run(args);
        Assert.Equal(2, code);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
    }

    /// <summary>Response files that would hang or exhaust memory (self-inclusion, a folder, /dev/zero) are usage errors.</summary>
    [Fact]
    public void HostileResponseFilesAreUsageErrors()
    {
        var folder = Directory.CreateTempSubdirectory("incept-rsp-").FullName;
        try
        {
            var self = Path.Combine(folder, "self.rsp");
            File.WriteAllText(self, "stats\n@" + self + "\n");
            var a = Path.Combine(folder, "a.rsp");
            var b = Path.Combine(folder, "b.rsp");
            File.WriteAllText(a, "@" + b + "\n");
            File.WriteAllText(b, "@" + a + "\n");
            var big = Path.Combine(folder, "big.rsp");
            File.WriteAllText(big, new string('x', ResponseFilesLimit + 10));
            foreach (var (arg, expected) in new[]
            {
                ("@" + self, "includes itself"),
                ("@" + a, "includes itself"),
                ("@" + folder, "names a folder"),
                ("@/dev/zero", "larger than 1 MB"),
                ("@" + big, "larger than 1 MB"),
            })
            {
                var (code, output, error) = InceptCli.RunProcess("stats", arg);
                Assert.True(code == 2, $"{arg}: exit {code}: {error}");
                Assert.Contains(expected, error, StringComparison.Ordinal);
                Assert.Equal(string.Empty, output);
                Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
            }

            // Nested, quoted and commented lines still work.
            var inner = Path.Combine(folder, "inner.rsp");
            File.WriteAllText(inner, "# the format\n--format \"json\"\n");
            var outer = Path.Combine(folder, "outer.rsp");
            File.WriteAllText(outer, $"stats \"{Repository.Dsl("inception_v3.incept")}\"\n@{inner}\n");
            var (nested, json, _) = InceptCli.RunProcess("@" + outer);
            Assert.Equal(0, nested);
            Assert.Contains("\"parameters\": 27161264", json, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private const int ResponseFilesLimit = 1 << 20;

    [Fact]
    public void AResponseFileHoldsTheArguments()
    {
        var file = Path.Combine(Path.GetTempPath(), $"incept-{Guid.NewGuid():N}.rsp");
        File.WriteAllLines(file, ["stats", Repository.Dsl("inception_v3.incept"), "--format", "json"]);
        try
        {
            var (code, output, _) = InceptCli.Run("@" + file);
            Assert.Equal(0, code);
            Assert.Contains("\"parameters\": 27161264", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("st", "stats")]
    [InlineData("train x.incept --opt", "--optimizer")]
    [InlineData("stats x.incept --format ", "markdown")]
    [InlineData("train x.incept --device ", "cuda")]
    public void TheSuggestDirectiveCompletes(string line, string expected)
    {
        var (code, output, _) = InceptCli.Run($"[suggest:{line.Length}]", line);
        Assert.Equal(0, code);
        Assert.Contains(expected, output.Split('\n').Select(l => l.Trim()));
    }

    /// <summary>The script from <c>incept completions bash</c>, sourced in a real bash, completes a real line.</summary>
    [Fact]
    public void TheBashCompletionScriptCompletesInBash()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "incept.dll");
        var script = $$"""
            incept() { dotnet "{{cli}}" "$@"; }
            source <(incept completions bash)
            COMP_LINE="incept stats x.incept --format m"; COMP_POINT=${#COMP_LINE}
            COMP_WORDS=(incept stats x.incept --format m); COMP_CWORD=4
            _incept_complete
            printf '%s\n' "${COMPREPLY[@]}"
            COMP_LINE="incept gr"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(incept gr); COMP_CWORD=1
            _incept_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var file = Path.Combine(Path.GetTempPath(), $"incept-completion-{Guid.NewGuid():N}.sh");
        File.WriteAllText(file, script);
        try
        {
            var (code, output) = ProcessRunner.Run("bash", $"\"{file}\"", Path.GetTempPath(), TimeSpan.FromMinutes(2));
            Assert.True(code == 0, output);
            Assert.Equal(new[] { "markdown", "md", "graph" }, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
