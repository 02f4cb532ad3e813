using System.IO.Compression;
using System.Text.Json;
using Inception.Compiler.Ops;

namespace Inception.LanguageServer.Tests;

/// <summary>
/// The server in real editor clients, each a process of its own: Neovim's built-in LSP client (headless, a Lua
/// script) and a Node client on vscode-languageserver-protocol; and the VS Code extension built, its grammar
/// tested and packed into a .vsix. npm packages are installed from the committed lock files when missing.
/// </summary>
public sealed class EditorClientTests
{
    private static readonly TimeSpan Minutes = TimeSpan.FromMinutes(5);

    /// <summary>The server command the clients start: this build's incept.</summary>
    private static string ServerCommand => JsonSerializer.Serialize(new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "incept.dll"), "lsp" });

    [Fact]
    public void NeovimsBuiltInClientDiagnosesHoversHintsJumpsAndFormats()
    {
        Assert.True(OnPath("nvim"), "Neovim is not installed: sudo apt-get install --no-install-recommends neovim");
        // The second command runs only if the script ended without quitting (an error before its own handler).
        var (code, output) = RunWithServer(Repository.Root, "nvim", "--headless", "--clean", "-c", "luafile tests/editor/neovim/lsp_test.lua", "-c", "cquit! 3");
        Assert.True(code == 0, output);
        Assert.Contains("all checks passed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ANodeClientOnVscodeLanguageServerProtocolGetsEveryCapability()
    {
        var folder = Repository.Path("tests", "editor");
        NpmInstall(folder);
        var (code, output) = RunWithServer(folder, "npm", "test");
        Assert.True(code == 0, output);
        Assert.Contains("ℹ fail 0", output, StringComparison.Ordinal);
        Assert.Contains("ℹ pass 15", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheVsCodeGrammarHighlightsAsItsScopeAssertionsSay()
    {
        var folder = Repository.Path("compiler", "Inception.VsCode");
        NpmInstall(folder);
        var (code, output) = Run("npm", "run test:grammar", folder);
        Assert.True(code == 0, output);
        Assert.Contains("block.incept run successfuly", output, StringComparison.Ordinal);
        Assert.Contains("network.incept run successfuly", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The grammar lists no op: a statement's first word (after its names) is its operation. So every op of the
    /// catalogue, and a new one, is highlighted where a statement can start, with no change to the grammar.
    /// </summary>
    [Fact]
    public void EveryOpOfTheCatalogueIsHighlightedWhereverAStatementStarts()
    {
        var folder = Repository.Path("compiler", "Inception.VsCode");
        NpmInstall(folder);
        var test = new System.Text.StringBuilder("# SYNTAX TEST \"source.incept\" \"every op of the catalogue\"\nblock b(w) {\n");
        foreach (var op in OpCatalog.All.Select(d => d.Keyword).Append("layernorm"))
        {
            var marks = new string('^', op.Length);
            test.Append("  ").Append(op).Append(" 8\n# ").Append(marks).Append(" support.function.op.incept\n");
            test.Append("  x_1, x_2 = ").Append(op).Append(" 8\n# ^^^ variable.other.layer.incept\n#            ").Append(marks).Append(" support.function.op.incept\n");
            test.Append("  { a = conv 8 1x1; ").Append(op).Append(" 8 }\n#                   ").Append(marks).Append(" support.function.op.incept\n");
        }

        var file = Path.Combine(Directory.CreateTempSubdirectory("incept-grammar-").FullName, "ops.incept");
        File.WriteAllText(file, test.Append("}\n").ToString());
        try
        {
            var (code, output) = Run("npx", $"vscode-tmgrammar-test -g syntaxes/incept.tmLanguage.json \"{file}\"", folder);
            Assert.True(code == 0, output + "\n" + File.ReadAllText(file));
            Assert.Contains("ops.incept run successfuly", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public void TheVsCodeExtensionPacksIntoABundledVsix()
    {
        var folder = Repository.Path("compiler", "Inception.VsCode");
        NpmInstall(folder);
        var vsix = Path.Combine(folder, "dist", "incept.vsix");
        if (File.Exists(vsix))
        {
            File.Delete(vsix);
        }

        var (code, output) = Run("npm", "run package", folder);
        Assert.True(code == 0, output);

        using var archive = ZipFile.OpenRead(vsix);
        var entries = archive.Entries.Select(e => e.FullName).ToList();
        foreach (var expected in new[] { "extension/package.json", "extension/dist/extension.js", "extension/dist/viewer.js", "extension/dist/viewer.css", "extension/syntaxes/incept.tmLanguage.json", "extension/language-configuration.json" })
        {
            Assert.Contains(expected, entries);
        }

        // --no-dependencies: the client library is bundled into extension.js, not shipped as node_modules.
        Assert.DoesNotContain(entries, e => e.Contains("node_modules", StringComparison.Ordinal));
        using var reader = new StreamReader(archive.GetEntry("extension/dist/extension.js")!.Open());
        var bundle = reader.ReadToEnd();
        Assert.DoesNotContain("require(\"vscode-languageclient", bundle, StringComparison.Ordinal);
        Assert.Contains("incept.restartServer", bundle, StringComparison.Ordinal);
        Assert.Contains("incept.showArchitecture", bundle, StringComparison.Ordinal);
        Assert.Contains("incept/architectureChanged", bundle, StringComparison.Ordinal);
        Assert.Contains("\"lsp\"", bundle, StringComparison.Ordinal);

        using var manifest = new StreamReader(archive.GetEntry("extension/package.json")!.Open());
        using var json = JsonDocument.Parse(manifest.ReadToEnd());
        var language = json.RootElement.GetProperty("contributes").GetProperty("languages")[0];
        Assert.Equal("incept", language.GetProperty("id").GetString());
        Assert.Equal(".incept", language.GetProperty("extensions")[0].GetString());
    }

    /// <summary><c>npm ci</c> from the committed lock file when the folder has no node_modules yet.</summary>
    private static void NpmInstall(string folder)
    {
        Assert.True(OnPath("npm"), "Node.js and npm are not installed: sudo apt-get install nodejs npm");
        lock (typeof(EditorClientTests))
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules")))
            {
                var (code, output) = Run("npm", "ci --no-audit --no-fund", folder);
                Assert.True(code == 0, output);
            }
        }
    }

    private static (int Code, string Output) Run(string file, string arguments, string folder) =>
        ProcessRunner.Run(file, arguments, folder, Minutes);

    /// <summary>Runs a client with INCEPT_LSP naming this build's server; stdout and stderr together.</summary>
    private static (int Code, string Output) RunWithServer(string folder, string file, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["INCEPT_LSP"] = ServerCommand;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Minutes))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish within {Minutes}:\n{output}");
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, program)));
}
