using Inception.Compiler;
using Inception.Dynamic;
using Inception.Onnx;
using Inception.Tests.Shared;

namespace Inception.Onnx.Tests;

/// <summary>
/// The ONNX project's own checker (Debian's python3-onnx; CI installs it) accepts every exported file with
/// full_check, which also runs ONNX's shape inference over the graph.
/// </summary>
public sealed class OnnxCheckerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("incept-onnx-check-").FullName;

    [Fact]
    public void TheOnnxCheckerAcceptsEveryExportedFile()
    {
        var files = new List<string>();
        foreach (var file in Directory.GetFiles(Repository.Path("dsl"), "*.incept").Concat(Directory.GetFiles(Repository.Path("dsl", "examples"), "*.incept")))
        {
            var compilation = Compilation.CompileFile(file);
            foreach (var network in compilation.Networks)
            {
                using var model = NetworkBuilder.Build(compilation, network.Name);
                var path = Path.Combine(_directory, network.Name + ".onnx");
                OnnxExport.Save(model, model.Plan, path);
                files.Add(path);
            }
        }

        var script = "import onnx, sys\nfor p in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(p), full_check=True)\n    print('ok', p)\n";
        var scriptPath = Path.Combine(_directory, "check.py");
        File.WriteAllText(scriptPath, script);
        var (code, output) = ProcessRunner.Run("/usr/bin/python3", $"\"{scriptPath}\" " + string.Join(" ", files.Select(f => $"\"{f}\"")), _directory, TimeSpan.FromMinutes(5));
        Assert.False(output.Contains("No module named 'onnx'", StringComparison.Ordinal), "the ONNX checker needs Debian's python3-onnx: apt-get install python3-onnx");
        Assert.True(code == 0, output);
        Assert.Equal(files.Count, output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
