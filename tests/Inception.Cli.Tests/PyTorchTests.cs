using System.Globalization;
using System.Text.Json;
using Inception.Cli;
using Inception.Dynamic;
using Inception.Runtime.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Inception.Cli.Tests;

/// <summary>
/// <c>incept emit --target pytorch</c> against Debian's PyTorch (python3-torch, python3-torchvision under
/// /usr/bin/python3; CI installs them): the emitted modules load the .NET networks' weights strictly and give
/// their outputs, GoogLeNet and Inception-v3 load torchvision's state_dicts, and a 2-process DDP run trains
/// weights that `incept eval` scores exactly as the trainer did.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class PyTorchTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string _directory = Directory.CreateTempSubdirectory("incept-pytorch-").FullName;

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Repository.Path("dsl"), "*.incept").Concat(Directory.GetFiles(Repository.Path("dsl", "examples"), "*.incept")).OrderBy(f => f, StringComparer.Ordinal).Append(Repository.Path("tests", "Inception.Models.Tests", "Constructs", "constructs.incept")).Append(Repository.Path("tests", "Inception.Models.Tests", "Constructs", "hostile_names.incept")))
        {
            data.Add(Path.GetRelativePath(Repository.Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TheEmittedModuleHasTheWeightsAndOutputsOfTheDotNetNetwork(string file)
    {
        var source = Repository.Path(file);
        var output = Path.Combine(_directory, "emitted");
        var (code, _, error) = Cli("emit", source, "--target", "pytorch", "--output", output);
        Assert.True(code == 0, error);
        var module = Inception.Compiler.Emit.PyTorch.PyTorchEmitter.ModuleName(source);
        Assert.Equal(0, RunPython($"-m py_compile \"{Path.Combine(output, module + ".py")}\" \"{Path.Combine(output, "train.py")}\"").Code);

        var compilation = Compilation.CompileFile(source);
        foreach (var plan in compilation.Plans)
        {
            // Seeded weights and statistics as well as inputs: an unlucky draw must not decide whether the engines agree.
            random.manual_seed(4);
            using var network = NetworkBuilder.Build(compilation, plan.Name);
            BatchNormStatistics.Randomize(network);
            network.eval();
            random.manual_seed(5);
            using var input = randn(2, plan.Input.Channels, plan.Input.Height, plan.Input.Width);
            using var expected = Forward(network, input);
            var weights = Path.Combine(_directory, plan.Name + ".weights.pt");
            var tensors = Path.Combine(_directory, plan.Name + ".case.pt");
            WeightFiles.Save(network, weights);
            using (var holder = new TensorHolder(input, expected))
            {
                WeightFiles.Save(holder, tensors);
            }

            var script = $$"""
                import importlib, sys, torch
                sys.path.insert(0, {{Quote(output)}})
                net = getattr(importlib.import_module({{Quote(module)}}), {{Quote(Inception.Compiler.Emit.PyTorch.PyTorchEmitter.ClassName(plan.Name))}})()
                net.load_state_dict(torch.load({{Quote(weights)}}), strict=True)
                case = torch.load({{Quote(tensors)}})
                net.eval()
                with torch.no_grad():
                    out = net(case["input"])
                scale = max(1.0, case["output"].abs().max().item())
                print("difference", (out - case["output"]).abs().max().item() / scale)
                """;
            var (status, printed) = RunScript(script);
            Assert.True(status == 0, printed);
            var difference = double.Parse(printed.Split('\n').Single(l => l.StartsWith("difference ", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture);
            Assert.True(difference <= 1e-5, $"{plan.Name}: PyTorch differs from TorchSharp by {difference} of the output's magnitude");
        }
    }

    [Theory]
    [InlineData("googlenet.incept", "GoogLeNet", "googlenet", 224, "aux1", "512, 14, 14")]
    [InlineData("inception_v3.incept", "InceptionV3", "inception_v3", 299, "AuxLogits", "768, 17, 17")]
    public void TorchvisionsStateDictLoadsStrictlyAndGivesTorchvisionsOutputs(string file, string network, string factory, int size, string head, string headInput)
    {
        var output = Path.Combine(_directory, "tv");
        Assert.Equal(0, Cli("emit", Repository.Dsl(file), "--target", "pytorch", "--output", output).Code);
        var script = $$"""
            import importlib, sys, torch, torchvision
            sys.path.insert(0, {{Quote(output)}})
            torch.manual_seed(0)
            reference = torchvision.models.{{factory}}(weights=None, aux_logits=True, init_weights=True)
            with torch.no_grad():
                for name, buffer in reference.named_buffers():
                    if name.endswith("running_var"):
                        buffer.copy_(torch.rand_like(buffer) + 0.5)
                    elif name.endswith("running_mean"):
                        buffer.copy_(torch.randn_like(buffer) * 0.1)
            net = getattr(importlib.import_module({{Quote(Path.GetFileNameWithoutExtension(file))}}), {{Quote(network)}})()
            net.load_state_dict(reference.state_dict(), strict=True)
            reference.eval()
            net.eval()
            with torch.no_grad():
                x = torch.randn(2, 3, {{size}}, {{size}})
                expected, actual = reference(x), net(x)
                print("logits", ((expected - actual).abs().max() / expected.abs().max().clamp(min=1)).item())
                feature = torch.randn(2, {{headInput}})
                expected, actual = getattr(reference, {{Quote(head)}})(feature), getattr(net, {{Quote(head)}})(feature)
                print("aux", ((expected - actual).abs().max() / expected.abs().max().clamp(min=1)).item())
            """;
        var (status, printed) = RunScript(script);
        Assert.True(status == 0, printed);
        foreach (var line in printed.Split('\n').Where(l => l.StartsWith("logits ", StringComparison.Ordinal) || l.StartsWith("aux ", StringComparison.Ordinal)))
        {
            Assert.True(double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture) <= 1e-5, line);
        }

        Assert.Equal(2, printed.Split('\n').Count(l => l.StartsWith("logits ", StringComparison.Ordinal) || l.StartsWith("aux ", StringComparison.Ordinal)));
    }

    [Fact]
    public void ATwoProcessDdpRunTrainsWeightsThatInceptEvalScoresAsTheTrainerDid()
    {
        var model = Repository.Dsl("examples/mini_inception.incept");
        var output = Path.Combine(_directory, "ddp");
        Assert.Equal(0, Cli("emit", model, "--target", "pytorch", "--output", output).Code);
        var run = Path.Combine(_directory, "run");
        var port = 29000 + Random.Shared.Next(1000);
        var (status, printed) = RunPython($"\"{Path.Combine(output, "train.py")}\" --nproc 2 --subset 6000 --epochs 2 --batch 64 --optimizer sgd --lr 0.05 --seed 1 --out \"{run}\" --master-port {port}", TimeSpan.FromMinutes(4));
        Assert.True(status == 0, printed);

        using var ddp = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "ddp.json")));
        Assert.Equal(2, ddp.RootElement.GetProperty("world_size").GetInt32());
        Assert.True(ddp.RootElement.GetProperty("identical").GetBoolean(), "both ranks must hold the same weights at the end");

        var rows = File.ReadAllLines(Path.Combine(run, "metrics.csv")).Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.True(rows[1][1] < rows[0][1], "the training loss must fall");
        var trainerTop1 = rows[1][4];

        var (code, evaluation, error) = Cli("eval", model, "--weights", Path.Combine(run, "weights.pt"), "--data", "fashion-mnist", "--subset", "6000");
        Assert.True(code == 0, error);
        var top1 = double.Parse(evaluation.Split("top-1 ")[1].Split(" %")[0], CultureInfo.InvariantCulture) / 100;
        Assert.True(Math.Abs(top1 - trainerTop1) <= 0.001, $"incept eval gives top-1 {top1:P2}, the trainer {trainerTop1:P2}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Tensor Forward(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        using var noGrad = no_grad();
        return model.call(input);
    }

    /// <summary>A whole pickled model is named for what it is, with the way out.</summary>
    [Fact]
    public void APickledModelIsNamedForWhatItIs()
    {
        var file = Path.Combine(_directory, "model.pt");
        var (status, printed) = RunScript($$"""
            import torch
            torch.save(torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(4, 2)), {{Quote(file)}})
            """);
        Assert.True(status == 0, printed);
        var (code, _, error) = Cli("export", LinearSource(), "--weights", file, "-o", Path.Combine(_directory, "lin.onnx"));
        Assert.Equal(1, code);
        Assert.Contains("holds a whole pickled model (torch.save(model)), not a state_dict; save the weights with torch.save(model.state_dict(), path)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "lin.onnx")));
    }

    /// <summary>
    /// What torch.load reads, incept reads: nn.Parameter entries, a non-contiguous view, tensors that are views
    /// of one storage at offsets, and a non-contiguous view of a shared storage. The export's initializers are the
    /// values torch itself holds.
    /// </summary>
    [Theory]
    [InlineData("{'fc.weight': torch.nn.Parameter(w.clone()), 'fc.bias': torch.nn.Parameter(b.clone())}")]
    [InlineData("{'fc.weight': w.t().contiguous().t(), 'fc.bias': b}")]
    [InlineData("{'fc.weight': shared[:8].view(2, 4), 'fc.bias': shared[8:10]}")]
    [InlineData("{'fc.weight': shared[2:10].view(4, 2).t(), 'fc.bias': shared[:2]}")]
    public void WeightFilesTorchLoadReadsLoadAsTorchSeesThem(string saved)
    {
        var file = Path.Combine(_directory, $"saved-{Guid.NewGuid():N}.pt");
        var target = Path.Combine(_directory, $"lin-{Guid.NewGuid():N}.onnx");
        var (status, printed) = RunScript($$"""
            import torch
            torch.manual_seed(0)
            w, b, shared = torch.randn(4, 2).t(), torch.randn(2), torch.randn(12)
            state = {{saved}}
            torch.save(state, {{Quote(file)}})
            """);
        Assert.True(status == 0, printed);
        var (code, _, error) = Cli("export", LinearSource(), "--weights", file, "-o", target);
        Assert.True(code == 0, error);
        (status, printed) = RunScript($$"""
            import onnx, torch
            from onnx import numpy_helper
            state = torch.load({{Quote(file)}})
            exported = {i.name: numpy_helper.to_array(i) for i in onnx.load({{Quote(target)}}).graph.initializer}
            for key, value in state.items():
                assert (torch.from_numpy(exported[key].copy()) == value.detach()).all(), key
            print("same", sorted(state))
            """);
        Assert.True(status == 0, printed);
        Assert.Contains("same ['fc.bias', 'fc.weight']", printed, StringComparison.Ordinal);
    }

    private string LinearSource()
    {
        var source = Path.Combine(_directory, "lin.incept");
        File.WriteAllText(source, "network Lin {\n  input 4x1x1\n  classes 2\n  flatten\n  fc = linear classes\n}\n");
        return source;
    }

    /// <summary>A file named like the trainer or like a module the files import emits a model module that cannot collide.</summary>
    [Theory]
    [InlineData("train.incept", "train_model")]
    [InlineData("torch.incept", "torch_model")]
    [InlineData("class.incept", "class_model")]
    [InlineData("3-blocks.v2.incept", "model_3_blocks_v2")]
    public void TheModelModuleNeverShadowsTheTrainerOrTorch(string name, string module)
    {
        var source = Path.Combine(_directory, name);
        File.Copy(Repository.Dsl("examples/mini_inception.incept"), source);
        var output = Path.Combine(_directory, "emitted-" + module);
        var (code, _, error) = Cli("emit", source, "--target", "pytorch", "--output", output);
        Assert.True(code == 0, error);
        Assert.Contains($"from {module} import MiniInception as Network", File.ReadAllText(Path.Combine(output, "train.py")), StringComparison.Ordinal);
        var (status, printed) = RunScript($$"""
            import sys
            sys.path.insert(0, {{Quote(output)}})
            import torch
            from {{module}} import MiniInception
            assert hasattr(torch, "nn"), "torch is shadowed"
            import train
            print(MiniInception().eval()(torch.randn(2, 1, 28, 28)).shape)
            """);
        Assert.True(status == 0, printed);
        Assert.Contains("torch.Size([2, 10])", printed, StringComparison.Ordinal);
    }

    /// <summary>An aux head inside a residual's body trains in PyTorch too: the forward collects its logits.</summary>
    [Fact]
    public void AnAuxHeadInsideAResidualBodyTrainsInPyTorch()
    {
        var source = Path.Combine(_directory, "nested_aux.incept");
        File.WriteAllText(source, "network NestedAux {\n  input 4x8x8\n  classes 3\n  residual {\n    conv 4 3x3 pad=1\n    side = aux_head weight=0.3 { global_avgpool; fc = linear classes }\n  }\n  global_avgpool\n  fc = linear classes\n}\n");
        var output = Path.Combine(_directory, "nested");
        var (code, _, error) = Cli("emit", source, "--target", "pytorch", "--output", output);
        Assert.True(code == 0, error);
        var (status, printed) = RunScript($$"""
            import sys, torch
            sys.path.insert(0, {{Quote(output)}})
            from nested_aux import NestedAux
            net = NestedAux()
            net.train()
            logits, aux = net(torch.randn(2, 4, 8, 8))
            assert tuple(logits.shape) == (2, 3), logits.shape
            assert len(aux) == 1 and tuple(aux[0][0].shape) == (2, 3) and aux[0][1] == 0.3, aux
            (logits.sum() + aux[0][0].sum()).backward()
            print("trained")
            """);
        Assert.True(status == 0, printed);
        Assert.Contains("trained", printed, StringComparison.Ordinal);
    }

    /// <summary>
    /// emit writes its model file and train.py both or neither: a train.py that cannot be replaced (a folder of that
    /// name, or a named pipe, which is never replaced) leaves the old model file as it was.
    /// </summary>
    [Theory]
    [InlineData("folder", "train.py' is a folder; nothing was written")]
    [InlineData("pipe", "train.py' is a device or a pipe, not a file; nothing was written")]
    public void EmitWritesItsTwoFilesBothOrNeither(string blocker, string message)
    {
        var output = Path.Combine(_directory, "both-" + blocker);
        Directory.CreateDirectory(output);
        var train = Path.Combine(output, "train.py");
        if (blocker == "folder")
        {
            Directory.CreateDirectory(train);
        }
        else
        {
            Assert.Equal(0, ProcessRunner.Run("mkfifo", $"\"{train}\"", output, TimeSpan.FromMinutes(1)).ExitCode);
        }

        var model = Path.Combine(output, "mini_inception.py");
        File.WriteAllText(model, "# an earlier model\n");

        var (code, _, error) = InceptProcess.Run(TimeSpan.FromMinutes(1), "emit", Repository.Dsl("examples/mini_inception.incept"), "-o", output);

        Assert.Equal(1, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Equal("# an earlier model\n", File.ReadAllText(model));
        Assert.Equal(new[] { "mini_inception.py", "train.py" }, Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var kept = blocker == "pipe" ? ProcessRunner.Run("test", $"-p \"{train}\"", output, TimeSpan.FromMinutes(1)).ExitCode == 0 : Directory.Exists(train);
        Assert.True(kept, $"the {blocker} train.py is still a {blocker}");
    }

    private (int Code, string Output) RunScript(string script)
    {
        var path = Path.Combine(_directory, $"script-{Guid.NewGuid():N}.py");
        File.WriteAllText(path, script);
        return RunPython($"\"{path}\"");
    }

    // The DDP run takes under a minute; a hang at its teardown (seen with torch 1.13's gloo) should fail in minutes, not ten.
    private (int Code, string Output) RunPython(string arguments, TimeSpan? timeout = null)
    {
        var (code, output) = ProcessRunner.Run(Python, arguments, _directory, timeout ?? TimeSpan.FromMinutes(10));
        Assert.False(output.Contains("No module named 'torch", StringComparison.Ordinal), "these tests need Debian's PyTorch: apt-get install python3-torch python3-torchvision");
        return (code, output);
    }

    private static string Quote(string text) => "r\"" + text + "\"";

    private static (int Code, string Output, string Error) Cli(params string[] args) => InceptCli.Run(args);

    /// <summary>A module whose state_dict is the test case, so the weight writer saves it for Python.</summary>
    private sealed class TensorHolder : nn.Module
    {
        public TensorHolder(Tensor input, Tensor output)
            : base(nameof(TensorHolder))
        {
            register_buffer("input", input.clone());
            register_buffer("output", output.clone());
        }
    }
}
