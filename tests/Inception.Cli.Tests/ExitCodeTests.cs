namespace Inception.Cli.Tests;

/// <summary>
/// Exit 70 means a bug of incept's, never a bad input: through the real process, every command given a file
/// of random bytes, a folder or a missing path, and every command that reads weights given a weight file that
/// is not one, exits 1 or 2 with one line and no exception.
/// </summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("incept-exit-").FullName;

    public static TheoryData<string, string> BadSources()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in new[] { "check", "stats", "fmt --check", "graph", "diff", "emit", "export", "eval", "train" })
        {
            foreach (var source in new[] { "random.incept", "folder.incept", "missing.incept" })
            {
                data.Add(command, source);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadSources))]
    public void ABadSourceIsNeverAnInternalError(string command, string source)
    {
        var path = Prepare(source);
        var args = command.Split(' ').Append(path).ToList();
        switch (command)
        {
            case "diff":
                args.Add(Repository.Dsl("examples/mini_inception.incept"));
                break;
            case "emit":
                args.AddRange(["-o", Path.Combine(_folder, "emitted")]);
                break;
            case "export":
                args.AddRange(["-o", Path.Combine(_folder, "out.onnx")]);
                break;
            case "eval":
                args.AddRange(["--weights", Prepare("random.pt"), "--data", "fashion-mnist", "--subset", "10"]);
                break;
            case "train":
                args.AddRange(["--data", "fashion-mnist", "--subset", "60", "--epochs", "1", "--out", Path.Combine(_folder, "run")]);
                break;
        }

        AssertBadInput(InceptCli.RunProcess(args.ToArray()));
    }

    [Theory]
    [InlineData("export", "random.pt")]
    [InlineData("export", "random.safetensors")]
    [InlineData("export", "folder.pt")]
    [InlineData("eval", "random.pt")]
    [InlineData("eval", "random.safetensors")]
    [InlineData("eval", "missing.pt")]
    public void ABadWeightFileIsNeverAnInternalError(string command, string weights)
    {
        var model = Repository.Dsl("examples/mini_inception.incept");
        var rest = command == "export" ? new[] { "-o", Path.Combine(_folder, "out.onnx") } : new[] { "--data", "fashion-mnist", "--subset", "10" };
        AssertBadInput(InceptCli.RunProcess([command, model, "--weights", Prepare(weights), .. rest]));
        Assert.False(File.Exists(Path.Combine(_folder, "out.onnx")));
    }

    /// <summary>
    /// Issue 19's rank case (flat features added to a 8x1x1 map) once passed check, then trained with exit 70
    /// and emitted a PyTorch model with 4-d logits; every command that compiles it now stops at its line.
    /// </summary>
    [Theory]
    [InlineData("check")]
    [InlineData("stats")]
    [InlineData("emit")]
    [InlineData("export")]
    [InlineData("train")]
    public void FlatFeaturesAddedToAMapStopEveryCommandAtTheResidual(string command)
    {
        var source = Path.Combine(_folder, "ranks.incept");
        File.Copy(Path.Combine(Repository.Path("tests", "data", "diagnostics"), "residual_ranks.incept"), source);
        var output = Path.Combine(_folder, "out");
        string[] rest = command switch
        {
            "emit" => ["-o", output],
            "export" => ["-o", output],
            "train" => ["--data", "fashion-mnist", "--subset", "60", "--epochs", "1", "--out", output],
            _ => [],
        };
        var result = InceptCli.RunProcess([command, source, .. rest]);
        Assert.Equal(1, result.Code);
        Assert.Contains("ranks.incept(6,3): error INC0210: a residual adds its body and its shortcut, which must agree: the body gives 8 flat features", result.Error, StringComparison.Ordinal);
        AssertBadInput(result);
        Assert.False(Path.Exists(output), $"{command} wrote {output}");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void AssertBadInput((int Code, string Output, string Error) result)
    {
        Assert.True(result.Code is 1 or 2, $"exit {result.Code}: {result.Error}");
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private string Prepare(string name)
    {
        var path = Path.Combine(_folder, name);
        if (name.StartsWith("random", StringComparison.Ordinal) && !File.Exists(path))
        {
            var bytes = new byte[3000];
            new Random(name.Length).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
        }
        else if (name.StartsWith("folder", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(path);
        }

        return path;
    }
}
