namespace Inception.Packaging.Tests;

/// <summary>
/// What a .NET user gets from the packages alone: real `dotnet pack`, `dotnet new`, `dotnet add package`,
/// `dotnet build` and `dotnet tool install`, in folders outside this repository.
/// </summary>
public sealed class PackagingTests : IClassFixture<PackageFeed>
{
    private const string Broken = "network Tiny {\n  input 1x28x28\n  classes 10\n  conv 8 3x3 strid=2\n  global_avgpool\n  linear classes\n}\n";

    private const string Fixed = """
        defaults {
          conv bias=false bn=true eps=0.001 relu=true
        }

        network Tiny {
          input 1x28x28
          classes 10
          stem = conv 16 3x3 stride=2
          aux = aux_head weight=0.3 {
            global_avgpool
            fc = linear classes
          }
          pool = global_avgpool
          fc = linear classes
        }
        """;

    private const string Program = """
        using Consumer.Models;
        using TorchSharp;

        using var model = new Tiny();
        model.eval();
        using var logits = model.call(torch.randn(3, 1, 28, 28));
        Console.WriteLine($"forward [{string.Join(", ", logits.shape)}], {model.parameters().Sum(p => p.numel())} of {Tiny.ParameterCount} parameters");
        """;

    private readonly PackageFeed _feed;

    public PackagingTests(PackageFeed feed) => _feed = feed;

    [Fact]
    public void PackagesHoldTheirAssetsWhereNuGetLooksForThem()
    {
        var generator = Names(_feed.Package("Inception.Dsl"));
        Assert.Contains("analyzers/dotnet/roslyn4.11/cs/Inception.Generator.dll", generator);
        Assert.Contains("analyzers/dotnet/roslyn4.11/cs/Inception.Compiler.dll", generator);
        Assert.Contains("analyzers/dotnet/roslyn4.11/cs/Sprache.dll", generator);
        Assert.Contains("build/Inception.Dsl.props", generator);
        Assert.Contains("README.md", generator);
        Assert.DoesNotContain(generator, n => n.StartsWith("lib/", StringComparison.Ordinal));

        var runtime = Names(_feed.Package("Inception.Runtime"));
        Assert.Contains("lib/net10.0/Inception.Runtime.dll", runtime);
        Assert.Contains("build/Inception.Runtime.targets", runtime);
        Assert.Contains("build/GlibcxxRequirementFix.cs", runtime);
        Assert.Contains("buildTransitive/Inception.Runtime.targets", runtime);
        var nuspec = PackageFeed.Contents(_feed.Package("Inception.Runtime")).Keys.Single(k => k.EndsWith(".nuspec", StringComparison.Ordinal));
        Assert.Equal("Inception.Runtime.nuspec", nuspec);

        // The library leaves the backend to the application: TorchSharp, not TorchSharp-cpu and its 600 MB of natives.
        var dependencies = PackageFeed.Dependencies(_feed.Package("Inception.Runtime"));
        Assert.Contains("TorchSharp", dependencies);
        Assert.DoesNotContain(dependencies, d => d.StartsWith("TorchSharp-", StringComparison.Ordinal) || d.StartsWith("libtorch", StringComparison.Ordinal));

        // The small tool leaves libtorch out; the full one carries Linux's (and only Linux's).
        var tool = Names(_feed.Package("Inception.Dsl.Tool"));
        Assert.Contains("tools/net10.0/any/incept.dll", tool);
        Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", tool);
        Assert.Contains("tools/net10.0/any/TorchSharp.dll", tool);
        Assert.Contains("tools/net10.0/any/StreamJsonRpc.dll", tool);
        Assert.DoesNotContain(tool, n => n.Contains("/libtorch", StringComparison.Ordinal) || n.Contains("torch_cpu", StringComparison.Ordinal) || n.Contains("libc10", StringComparison.Ordinal));
        Assert.True(new FileInfo(_feed.Package("Inception.Dsl.Tool")).Length < 16L << 20, $"the small tool is {new FileInfo(_feed.Package("Inception.Dsl.Tool")).Length:N0} bytes");

        var full = Names(_feed.Package("Inception.Dsl.Tool.Full"));
        Assert.Contains("tools/net10.0/any/incept.dll", full);
        Assert.Contains("tools/net10.0/any/runtimes/linux-x64/native/libLibTorchSharp.so", full);
        Assert.Contains("tools/net10.0/any/runtimes/linux-x64/native/libtorch_cpu.so", full);
        Assert.DoesNotContain(full, n => n.Contains("/win-x64/native/torch_cpu.dll", StringComparison.Ordinal));

        var templates = Names(_feed.Package("Inception.Dsl.Templates"));
        Assert.Contains("content/incept-model/.template.config/template.json", templates);
        Assert.Contains("content/incept-model/model.incept", templates);
        Assert.Contains("README.md", templates);
    }

    [Fact]
    public void PackingIsDeterministic()
    {
        var again = Path.Combine(_feed.Root, "feed-again");
        _feed.Pack(again);
        foreach (var id in PackageFeed.Ids)
        {
            var first = PackageFeed.Contents(_feed.Package(id));
            var second = PackageFeed.Contents(Path.Combine(again, Path.GetFileName(_feed.Package(id))));
            Assert.Equal(first, second);
        }
    }

    [Fact]
    public void AConsumerBuiltFromThePackagesAloneGeneratesReportsAndRuns()
    {
        var work = WorkFolder("consumer");

        Shell.Dotnet("new console -o Consumer --framework net10.0", work);
        var project = Path.Combine(work, "Consumer");
        Shell.Dotnet($"add package Inception.Dsl --version {_feed.Version}", project);
        Shell.Dotnet($"add package Inception.Runtime --version {_feed.Version}", project);
        Shell.Dotnet($"add package TorchSharp-cpu --version {PackageFeed.TorchSharpVersion}", project);
        File.WriteAllText(Path.Combine(project, "Program.cs"), Program);
        Directory.CreateDirectory(Path.Combine(project, "models"));
        var model = Path.Combine(project, "models", "tiny.incept");
        File.WriteAllText(model, Broken);

        var failure = Shell.Dotnet("build -p:InceptionNamespace=Consumer.Models", project, expectedExitCode: 1);
        Assert.Contains($"{model}(4,14): error INC0102: 'conv' has no option 'strid'", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("error CS", failure, StringComparison.Ordinal);

        File.WriteAllText(model, Fixed);
        Shell.Dotnet("build -p:InceptionNamespace=Consumer.Models", project);
        var run = Shell.Dotnet("run --no-build", project);

        // By hand: conv 16x1x3x3 + batch norm 2x16, and two 16->10 linear layers with biases: 176 + 170 + 170.
        Assert.Contains("forward [3, 10], 516 of 516 parameters", run, StringComparison.Ordinal);

        Shell.Dotnet("new tool-manifest", work);
        Shell.Dotnet($"tool install Inception.Dsl.Tool --version {_feed.Version}", work);
        var stats = Shell.Dotnet($"tool run incept stats {model} --depth 1", work);
        Assert.Matches(@"Parameters: +516, auxiliary heads included", stats);

        // The small tool names the package that trains, instead of failing to load libtorch.
        var train = Shell.Dotnet($"tool run incept train {model} --data fashion-mnist", work, expectedExitCode: 1);
        Assert.Contains("incept: train needs libtorch's native libraries, which the package Inception.Dsl.Tool leaves out to stay small; install Inception.Dsl.Tool.Full instead", train, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", train, StringComparison.Ordinal);

        // The small tool serves editors: initialize, shutdown and exit on stdin; JSON-RPC alone on stdout; exit 0.
        var frames = string.Concat(new[]
        {
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"capabilities\":{}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}",
        }.Select(body => $"Content-Length: {System.Text.Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}"));
        File.WriteAllText(Path.Combine(work, "lsp.in"), frames);
        var (lspExit, lsp) = ProcessRunner.Run("bash", "-c \"dotnet tool run incept lsp < lsp.in 2>/dev/null\"", work, TimeSpan.FromMinutes(2));
        Assert.Equal(0, lspExit);
        Assert.StartsWith("Content-Length: ", lsp, StringComparison.Ordinal);
        Assert.Contains("\"serverInfo\":{\"name\":\"incept\"", lsp, StringComparison.Ordinal);

        // Everything this run installed went to the feed's own package folder, which the fixture deletes.
        Assert.True(Directory.Exists(Path.Combine(_feed.Packages, "inception.dsl.tool", _feed.Version)));
        Assert.False(Directory.Exists(Path.Combine(PackageFeed.UserPackages, "inception.dsl.tool", _feed.Version)), "the test must not leave packages in the user's NuGet folder");
        Assert.False(Directory.Exists(Path.Combine(PackageFeed.UserPackages, "inception.runtime", _feed.Version)), "the test must not leave packages in the user's NuGet folder");
    }

    [Fact]
    public void TheTemplateMakesAProjectThatBuildsAndRuns()
    {
        var work = WorkFolder("template");

        var hive = Path.Combine(work, "hive");
        Shell.Dotnet($"new install \"{_feed.Package("Inception.Dsl.Templates")}\" --debug:custom-hive \"{hive}\"", work);
        Shell.Dotnet($"new incept-model -o MyModel --inceptVersion {_feed.Version} --debug:custom-hive \"{hive}\"", work);
        var project = Path.Combine(work, "MyModel");
        Assert.True(File.Exists(Path.Combine(project, "MyModel.csproj")));
        Assert.Contains($"<PackageReference Include=\"TorchSharp-cpu\" Version=\"{PackageFeed.TorchSharpVersion}\" />", File.ReadAllText(Path.Combine(project, "MyModel.csproj")), StringComparison.Ordinal);
        Assert.Contains("the generated class\n# MyModel.Models.TinyInception follows", File.ReadAllText(Path.Combine(project, "model.incept")), StringComparison.Ordinal);
        Shell.Dotnet("build", project);
        var run = Shell.Dotnet("run --no-build", project);
        Assert.Contains("forward: [2, 1, 28, 28] -> [2, 10]", run, StringComparison.Ordinal);
    }

    /// <summary>
    /// A folder outside the repository whose nuget.config adds the local feed to the user's usual sources and
    /// extracts packages into the feed's own folder (deleted with it), reading the ones the user already has
    /// (TorchSharp, libtorch) from the user's folder as a fallback instead of copying them.
    /// </summary>
    private string WorkFolder(string name)
    {
        var work = Path.Combine(_feed.Root, name);
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{_feed.Packages}" />
              </config>
              <packageSources>
                <add key="inception-local" value="{_feed.Folder}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="user" value="{PackageFeed.UserPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        return work;
    }

    private static List<string> Names(string package) => PackageFeed.Contents(package).Keys.ToList();
}
