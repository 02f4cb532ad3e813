using Inception.Compiler;
using Inception.Models;
using Inception.Onnx;
using Inception.Tests.Shared;

namespace Inception.Onnx.Tests;

/// <summary>GoogLeNet and Inception-v3 with torchvision's weights, loaded by name, give torchvision's outputs through ONNX Runtime.</summary>
public sealed class TorchvisionOnnxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("incept-onnx-tv-").FullName;

    [Fact]
    public void GoogLeNet()
    {
        random.manual_seed(1);
        using var reference = torchvision.models.googlenet();
        using var generated = new GoogLeNet(auxLogits: false);
        Check(reference, generated, "googlenet.incept", 224);
    }

    [Fact]
    public void InceptionV3()
    {
        random.manual_seed(2);
        using var reference = torchvision.models.inception_v3();
        using var generated = new Models.InceptionV3(auxLogits: true);
        Check(reference, generated, "inception_v3.incept", 299);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Check(nn.Module<Tensor, Tensor> reference, nn.Module<Tensor, Tensor> generated, string file, int size)
    {
        OnnxExportTests.Informative(reference);

        // Load by name what the generated class has (torchvision's extra aux weights stay behind).
        var weights = reference.state_dict();
        var (missing, _) = generated.load_state_dict(weights.Where(w => generated.state_dict().ContainsKey(w.Key)).ToDictionary(w => w.Key, w => w.Value), strict: false);
        Assert.Empty(missing);

        var plan = Compilation.CompileFile(Repository.Dsl(file)).Plans[0];
        var path = Path.Combine(_directory, file + ".onnx");
        OnnxExport.Save(generated, plan, path);
        using var served = new OnnxModel(path);
        reference.eval();
        random.manual_seed(3);
        using var images = randn(2, 3, size, size);
        using var expected = OnnxExportTests.Forward(reference, images);
        OnnxExportTests.AssertClose(expected.data<float>().ToArray(), served.Run(images.data<float>().ToArray(), 2), file);
    }
}
