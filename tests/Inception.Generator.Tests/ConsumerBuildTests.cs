namespace Inception.Generator.Tests;

/// <summary>
/// A throwaway consumer project built with the real `dotnet build`: the generator runs inside MSBuild, a
/// broken .incept file fails the build at its own line, and the fixed file gives a class that runs.
/// </summary>
public sealed class ConsumerBuildTests : IDisposable
{
    private const string Broken = """
        network Tiny {
          input 1x28x28
          classes 10
          conv 8 3x3 strid=2
          global_avgpool
          linear classes
        }
        """;

    private const string Fixed = """
        defaults {
          conv bias=false bn=true eps=0.001 relu=true
        }

        network Tiny {
          input 1x28x28
          classes 10
          stem = conv 8 3x3 stride=2
          expect 8x13x13
          pool = global_avgpool
          fc = linear classes
        }
        """;

    private const string Program = """
        using Consumer.Models;
        using TorchSharp;

        var model = new Tiny();
        model.eval();
        var counted = model.parameters().Sum(p => p.numel());
        using var logits = model.call(torch.randn(2, Tiny.InputChannels, Tiny.InputHeight, Tiny.InputWidth));
        Console.WriteLine($"logits {string.Join("x", logits.shape)}; parameters {counted} of {Tiny.ParameterCount}");
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "incept-consumer-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void BrokenFileFailsTheBuildAtItsLineAndTheFixedFileBuildsAUsableClass()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "models"));
        File.WriteAllText(Path.Combine(_directory, "Consumer.csproj"), Project());
        File.WriteAllText(Path.Combine(_directory, "Program.cs"), Program);
        var model = Path.Combine(_directory, "models", "tiny.incept");
        File.WriteAllText(model, Broken);

        var (failed, failure) = Dotnet("build");
        Assert.NotEqual(0, failed);
        Assert.Contains($"{model}(4,14): error INC0102: 'conv' has no option 'strid'", failure, StringComparison.Ordinal);

        // Program.cs uses Tiny: the placeholder class keeps it compiling, so the .incept error is the only one.
        Assert.DoesNotContain("error CS", failure, StringComparison.Ordinal);

        File.WriteAllText(model, Fixed);
        var (built, buildOutput) = Dotnet("build");
        Assert.True(built == 0, buildOutput);

        var (ran, runOutput) = Dotnet("run --no-build");
        Assert.True(ran == 0, runOutput);

        // 8x1x3x3 conv + 2x8 batch norm + 8x10 linear + 10 bias, counted by hand.
        Assert.Contains("logits 2x10; parameters 178 of 178", runOutput, StringComparison.Ordinal);
    }

    /// <summary>
    /// Names that <c>check</c> accepts must build; names it rejects must fail the build with INC diagnostics at
    /// their .incept lines only, never with C# errors in the generated files.
    /// </summary>
    [Fact]
    public void HostileNamesBuildOrFailOnlyWithLocatedInceptErrors()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "models"));
        File.WriteAllText(Path.Combine(_directory, "Consumer.csproj"), Project());
        File.WriteAllText(Path.Combine(_directory, "Program.cs"), "System.Console.WriteLine($\"parameters {Consumer.Models.lowercase.ParameterCount}\");\n");
        var accepted = Path.Combine(_directory, "models", "accepted.incept");
        File.WriteAllText(accepted, """
            block tensor(pool_proj, poolProj, in_channels) {
              concat {
                a = conv pool_proj 1x1
                b = conv poolProj 1x1
                c = conv in_channels 1x1
              }
            }

            block linear {
              Linear = conv 4 1x1
            }

            network lowercase {
              input 3x8x8
              classes 4
              x = tensor(1, 2, 3)
              Sequential = linear()
              aux1 = aux_head weight=0.3 { global_avgpool; fc = linear classes }
              aux_1 = aux_head weight=0.2 { global_avgpool; fc = linear classes }
              global_avgpool
              fc = linear classes
            }
            """);
        var rejected = Path.Combine(_directory, "models", "rejected.incept");
        File.WriteAllText(rejected, """
            network torch {
              input 3x8x8
              classes 4
              forward = conv 4 1x1
              global_avgpool
              fc = linear classes
            }
            """);

        var (failed, output) = Dotnet("build");
        Assert.NotEqual(0, failed);
        Assert.Contains($"{rejected}(1,1): error INC0209", output, StringComparison.Ordinal);
        Assert.Contains($"{rejected}(4,13): error INC0209", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CS", output, StringComparison.Ordinal);

        File.Delete(rejected);
        var (built, buildOutput) = Dotnet("build");
        Assert.True(built == 0, buildOutput);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private (int ExitCode, string Output) Dotnet(string command) =>
        ProcessRunner.Run("dotnet", command, _directory, TimeSpan.FromMinutes(8));

    /// <summary>
    /// References the generator and the runtime as projects, the way a consumer inside this repository does;
    /// the build/ files are imported by hand because NuGet imports them only for package references.
    /// </summary>
    private static string Project()
    {
        var generator = Repository.Path("compiler", "Inception.Generator");
        var runtime = Repository.Path("runtime", "Inception.Runtime");
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{generator}/build/Inception.Generator.props" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <InceptionNamespace>Consumer.Models</InceptionNamespace>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{generator}/Inception.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                <ProjectReference Include="{runtime}/Inception.Runtime.csproj" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
              </ItemGroup>
              <Import Project="{runtime}/build/Inception.Runtime.targets" />
            </Project>
            """;
    }
}
