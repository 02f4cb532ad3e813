using Inception.Compiler.Emit.CSharp;
using Inception.Compiler.Emit.PyTorch;

namespace Inception.Compiler.Tests;

/// <summary>
/// Both printers write through one source writer: lines within 120 columns, broken at their brackets as the
/// language writes them (black's layout in Python, the last item closing the call in C#), branches set apart by
/// blank lines, the last step returned, and functions where torchvision calls them.
/// </summary>
public sealed class SourceLayoutTests
{
    private const string Wide = """
        block wide(c) {
          stack = { a = conv c 1x7 pad=same bn=true; b = conv c 7x1 pad=same bn=true; c = conv c 1x7 pad=same bn=true; d = conv c 7x1 pad=same bn=true }
        }

        network Wide {
          input 3x8x8
          classes 2
          w = wide(16)
          concat {
            left = conv 4 1x1
            { maxpool 3x3 stride=1 pad=1; y = conv 4 1x1 }
          }
          global_avgpool
          linear classes
        }
        """;

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Repository.Path("dsl"), "*.incept").Concat(Directory.GetFiles(Repository.Path("dsl", "examples"), "*.incept")).OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Repository.Root, file));
        }

        data.Add("tests/Inception.Models.Tests/Constructs/constructs.incept");
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryEmittedLineFitsIn120Columns(string file)
    {
        var compilation = Compilation.CompileFile(Repository.Path(file));
        var sources = ModelEmitter.Emit(compilation, "Models", Path.GetFileName).Files.Select(f => f.Text).Append(PyTorchEmitter.Emit(compilation, Path.GetFileName));
        foreach (var line in sources.SelectMany(s => s.Split('\n')))
        {
            Assert.True(line.Length <= 120, $"{line.Length} columns: {line}");
        }
    }

    [Fact]
    public void PythonBreaksALongCallAsBlackDoes()
    {
        var python = PyTorchEmitter.Emit(Compile(), Path.GetFileName);
        Assert.Contains(
            """
                    self.stack = nn.Sequential(OrderedDict([
                        ("a", BasicConv2d(in_channels, c, (1, 7), padding=(0, 3), eps=1E-05, relu=False)),
                        ("b", BasicConv2d(c, c, (7, 1), padding=(3, 0), eps=1E-05, relu=False)),
                        ("c", BasicConv2d(c, c, (1, 7), padding=(0, 3), eps=1E-05, relu=False)),
                        ("d", BasicConv2d(c, c, (7, 1), padding=(3, 0), eps=1E-05, relu=False)),
                    ]))
            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            python,
            StringComparison.Ordinal);
    }

    [Fact]
    public void PythonSetsBranchesApartCallsUnnamedPoolsAndReturnsTheConcat()
    {
        var python = PyTorchEmitter.Emit(Compile(), Path.GetFileName);
        Assert.Contains(
            """
                def forward(self, x):
                    x = self.w(x)
                    # N x 16 x 8 x 8
                    left = self.left(x)
                    # N x 4 x 8 x 8

                    y = F.max_pool2d(x, (3, 3), stride=(1, 1), padding=(1, 1))
                    # N x 16 x 8 x 8
                    y = self.y(y)
                    # N x 4 x 8 x 8

                    x = torch.cat([left, y], 1)
                    # N x 8 x 8 x 8
                    x = F.adaptive_avg_pool2d(x, (1, 1))
                    # N x 8 x 1 x 1
                    return self.linear_1(torch.flatten(x, 1))
            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            python,
            StringComparison.Ordinal);
        Assert.DoesNotContain("self.maxpool_1 =", python, StringComparison.Ordinal);
    }

    [Fact]
    public void CSharpEndsABrokenCallOnItsLastItem()
    {
        var code = Assert.Single(ModelEmitter.Emit(Compile(), "Models", Path.GetFileName).Files).Text;
        Assert.Contains(
            """
                        stack = nn.Sequential(
                            ("a", new BasicConv2d(inChannels, c, (1, 7), padding: (0, 3), eps: 1E-05, relu: false)),
                            ("b", new BasicConv2d(c, c, (7, 1), padding: (3, 0), eps: 1E-05, relu: false)),
                            ("c", new BasicConv2d(c, c, (1, 7), padding: (0, 3), eps: 1E-05, relu: false)),
                            ("d", new BasicConv2d(c, c, (7, 1), padding: (3, 0), eps: 1E-05, relu: false)));
            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            code,
            StringComparison.Ordinal);
    }

    private static CompilationResult Compile()
    {
        var compilation = Compilation.Compile("/m/wide.incept", Wide, _ => null);
        Assert.Empty(compilation.Diagnostics);
        return compilation;
    }
}
