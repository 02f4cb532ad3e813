using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using Inception.Compiler;
using Inception.Compiler.Emit.CSharp;
using Inception.Compiler.Emit.PyTorch;
using Inception.Dynamic;
using Inception.Runtime;
using Inception.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Compilation = Inception.Compiler.Compilation;

namespace Inception.Onnx.Tests;

/// <summary>
/// Issue 19's rule, "a file that check accepts works in every target", over names no one wrote by hand: every
/// keyword of C# (Roslyn's own list), every keyword, soft keyword and builtin of Python and every attribute of
/// torch.nn.Module (asked of Debian's Python), ONNX's graph names, and Unicode that Python normalises, each in
/// every role a name has (network, block, layer, branch, sequence child, block parameter). A name check
/// rejects must get located errors only. The names it accepts go into one file per role, which must build as
/// C# (Roslyn, against TorchSharp and Inception.Runtime), run as emitted PyTorch, export to ONNX that
/// onnx.checker accepts, and give the same state_dict keys in all of them and in the run-time builder.
/// </summary>
public sealed class HostileNameMatrixTests : IDisposable
{
    private const string Python = "/usr/bin/python3";

    private static readonly string[] OnnxAndUnicode =
    [
        "input", "output", "logits", "aux_logits", "ﬁ", "fi", "aⸯ", "Ⅻ", "ǅ", "_", "__w", "__class__", "__init__", "_modules",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("incept-names-").FullName;

    private enum Role
    {
        Network,
        Block,
        Layer,
        Branch,
        SequenceChild,
        Parameter,
    }

    [Fact]
    public void EveryNameCheckAcceptsWorksInEveryTargetWithTheSameKeys()
    {
        var names = Names();
        Assert.True(names.Count > 300, $"only {names.Count} names");
        var cases = new List<(Role Role, CompilationResult Compilation, string Module)>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var accepted = new List<string>();
            foreach (var name in names)
            {
                var single = Compilation.Compile($"{role}.incept", Source(role, [name]));
                Assert.DoesNotContain(single.Diagnostics, d => d.Id == "INC0999" || d.Location.Line < 1);
                if (!single.HasErrors)
                {
                    accepted.Add(name);
                }
            }

            Assert.NotEmpty(accepted);
            var text = Source(role, accepted);
            var compilation = Compilation.Compile(Path.Combine(_directory, $"{role}.incept"), text);
            Assert.True(!compilation.HasErrors, $"{role}: each name passes alone but not together:\n" + string.Join("\n", compilation.Diagnostics.Take(5).Select(d => d.ToString())));
            cases.Add((role, compilation, "names_" + role.ToString().ToLowerInvariant()));
        }

        // The run-time builder's keys are the reference; C# generated from the same plan must match them.
        var expected = new Dictionary<string, string[]>();
        var exports = new List<string>();
        foreach (var (role, compilation, module) in cases)
        {
            var assembly = BuildCSharp(role, compilation);
            foreach (var (plan, file) in compilation.Plans.Zip(ModelEmitter.Emit(compilation, "Hostile." + role, p => p).Files))
            {
                using var model = NetworkBuilder.Build(compilation, plan.Name);
                var keys = model.state_dict().Keys.Order(StringComparer.Ordinal).ToArray();
                expected[$"{module}/{PyTorchEmitter.ClassName(plan.Name)}"] = keys;

                var type = assembly.GetType($"Hostile.{role}.{file.ClassName.TrimStart('@')}") ?? throw new InvalidOperationException($"{role}: no class {file.ClassName}");
                var constructor = type.GetConstructors().Single();
                var arguments = constructor.GetParameters().Select(_ => Type.Missing).ToArray();
                using var generated = (InceptionNetwork)constructor.Invoke(BindingFlags.OptionalParamBinding, null, arguments, null);
                Assert.Equal(keys, generated.state_dict().Keys.Order(StringComparer.Ordinal).ToArray());

                var onnx = Path.Combine(_directory, $"{module}.{exports.Count}.onnx");
                model.eval();
                OnnxExport.Save(model, model.Plan, onnx, new OnnxExportOptions(FoldBatchNorm: false));
                exports.Add($"{module}/{PyTorchEmitter.ClassName(plan.Name)}={onnx}");
            }

            File.WriteAllText(Path.Combine(_directory, module + ".py"), PyTorchEmitter.Emit(compilation, p => Path.GetFileName(p)));
        }

        var report = RunPython(expected.Keys, exports);
        foreach (var (network, keys) in expected)
        {
            Assert.True(report.TryGetProperty(network, out var result), $"Python did not report {network}");
            Assert.Equal(keys, result.GetProperty("torch").EnumerateArray().Select(k => k.GetString()!).ToArray());

            // Unfolded, every weight and running statistic is an initializer named by its key; the step counters are not exported.
            var initializers = result.GetProperty("onnx").EnumerateArray().Select(k => k.GetString()!).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(keys.Where(k => !k.EndsWith(".num_batches_tracked", StringComparison.Ordinal)).ToArray(), initializers.Where(keys.Contains).ToArray());
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>One file in which <paramref name="names"/> each play <paramref name="role"/>; other names are the file's own.</summary>
    private static string Source(Role role, IReadOnlyList<string> names)
    {
        const string Head = "  input 2x4x4\n  classes 3\n";
        const string Tail = "  global_avgpool\n  flatten\n  linear classes\n}\n";
        var text = new StringBuilder();
        switch (role)
        {
            case Role.Network:
                foreach (var name in names)
                {
                    text.Append($"network {name} {{\n{Head}  conv 2 1x1\n{Tail}\n");
                }

                break;
            case Role.Block:
                foreach (var name in names)
                {
                    text.Append($"block {name} {{\n  conv 2 1x1\n}}\n\n");
                }

                text.Append($"network Blocks {{\n{Head}");
                for (var i = 0; i < names.Count; i++)
                {
                    text.Append($"  call_{i} = {names[i]}()\n");
                }

                text.Append(Tail);
                break;
            case Role.Layer:
                text.Append($"network Layers {{\n{Head}");
                foreach (var name in names)
                {
                    text.Append($"  {name} = conv 2 1x1\n");
                }

                text.Append(Tail);
                break;
            case Role.Branch:
                text.Append($"network Branches {{\n{Head}  concat {{\n");
                foreach (var name in names)
                {
                    text.Append($"    {name} = conv 1 1x1\n");
                }

                text.Append($"  }}\n{Tail}");
                break;
            case Role.SequenceChild:
                text.Append($"network Children {{\n{Head}  seq = {{\n");
                foreach (var name in names)
                {
                    text.Append($"    {name} = conv 2 1x1\n");
                }

                text.Append($"  }}\n{Tail}");
                break;
            case Role.Parameter:
                for (var i = 0; i < names.Count; i++)
                {
                    text.Append($"block unit_{i}({names[i]}) {{\n  conv {names[i]} 1x1\n}}\n\n");
                }

                text.Append($"network Parameters {{\n{Head}");
                for (var i = 0; i < names.Count; i++)
                {
                    text.Append($"  call_{i} = unit_{i}(2)\n");
                }

                text.Append(Tail);
                break;
        }

        return text.ToString();
    }

    /// <summary>The hostile names: C#'s keywords from Roslyn, Python's keywords, builtins and nn.Module's attributes from Python itself, and the rest.</summary>
    private List<string> Names()
    {
        var csharp = SyntaxFacts.GetKeywordKinds().Concat(SyntaxFacts.GetContextualKeywordKinds()).Select(SyntaxFacts.GetText);
        var script = Path.Combine(_directory, "names.py");
        File.WriteAllText(script, "import builtins, json, keyword, torch.nn\nprint(json.dumps(sorted(set(keyword.kwlist + keyword.softkwlist + dir(builtins) + dir(torch.nn.Module)))))\n");
        var (code, output) = ProcessRunner.Run(Python, $"\"{script}\"", _directory, TimeSpan.FromMinutes(2));
        Assert.True(code == 0, output);
        var python = JsonSerializer.Deserialize<string[]>(output.Trim().Split('\n').Last())!;
        Assert.Contains("lambda", python);
        Assert.Contains("state_dict", python);
        return csharp.Concat(python).Concat(OnnxAndUnicode).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    private Assembly BuildCSharp(Role role, CompilationResult compilation)
    {
        var emitted = ModelEmitter.Emit(compilation, "Hostile." + role, p => p);
        var trees = emitted.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, path: f.HintName));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(new[] { typeof(torch).Assembly.Location, typeof(InceptionNetwork).Assembly.Location })
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
        var csharp = CSharpCompilation.Create(
            "Hostile" + role,
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = csharp.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(result.Success, $"{role}: the generated C# does not build:\n" + string.Join("\n", errors));
        return AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(image.ToArray()));
    }

    /// <summary>Imports each emitted module, builds and runs every network, and checks every export; one Python start for all.</summary>
    private JsonElement RunPython(IEnumerable<string> networks, IEnumerable<string> exports)
    {
        var script = Path.Combine(_directory, "targets.py");
        File.WriteAllText(script, """
            import importlib, json, sys
            import onnx, torch
            sys.path.insert(0, sys.argv[1])
            networks = json.load(open(sys.argv[2], encoding="utf-8"))
            exports = dict(e.split("=", 1) for e in json.load(open(sys.argv[3], encoding="utf-8")))
            report = {}
            for key in networks:
                module, name = key.split("/")
                cls = getattr(importlib.import_module(module), name)
                model = cls().eval()
                with torch.no_grad():
                    out = model(torch.randn(2, *cls.INPUT))
                assert tuple(out.shape) == (2, 3), (key, tuple(out.shape))
                graph = onnx.load(exports[key])
                onnx.checker.check_model(graph, full_check=True)
                report[key] = {"torch": sorted(model.state_dict().keys()), "onnx": [i.name for i in graph.graph.initializer]}
            print(json.dumps(report, ensure_ascii=True))
            """);
        File.WriteAllText(Path.Combine(_directory, "networks.json"), JsonSerializer.Serialize(networks));
        File.WriteAllText(Path.Combine(_directory, "exports.json"), JsonSerializer.Serialize(exports));
        var arguments = $"\"{script}\" \"{_directory}\" networks.json exports.json";
        var (code, output) = ProcessRunner.Run(Python, arguments, _directory, TimeSpan.FromMinutes(5));
        Assert.True(code == 0, output);
        return JsonDocument.Parse(output.Trim().Split('\n').Last()).RootElement.Clone();
    }
}
