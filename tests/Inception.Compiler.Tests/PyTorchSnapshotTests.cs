using Inception.Compiler.Emit.PyTorch;

namespace Inception.Compiler.Tests;

/// <summary>
/// The emitted PyTorch of the reference models is committed under generated/pytorch for readers; it must stay
/// what the emitter writes. On a mismatch the new text lands in a .received file beside it;
/// INCEPT_ACCEPT_SNAPSHOTS=1 accepts it.
/// </summary>
public sealed class PyTorchSnapshotTests
{
    public static TheoryData<string> Models() => new(ReferenceModels.Files);

    [Theory]
    [MemberData(nameof(Models))]
    public void EmittedPyTorchMatchesTheCommittedSnapshot(string file)
    {
        var compilation = Compilation.CompileFile(Repository.Dsl(file));
        Assert.Empty(compilation.Diagnostics);
        var actual = PyTorchEmitter.Emit(compilation, Path.GetFileName);
        var verified = Repository.Path("generated", "pytorch", Path.ChangeExtension(file, ".py"));
        var received = Path.ChangeExtension(verified, ".received.py");
        if (Environment.GetEnvironmentVariable("INCEPT_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, actual);
        }

        var expected = File.Exists(verified) ? File.ReadAllText(verified) : string.Empty;
        if (expected != actual)
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"{file}'s PyTorch differs from {verified}; the new output is in {received} (INCEPT_ACCEPT_SNAPSHOTS=1 accepts it)");
        }

        File.Delete(received);
    }
}
