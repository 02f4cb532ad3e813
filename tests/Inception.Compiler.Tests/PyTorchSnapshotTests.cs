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
        Snapshot.Matches(actual, Repository.Path("generated", "pytorch", Path.ChangeExtension(file, ".py")), $"{file}'s PyTorch");
    }

    /// <summary>Two networks of one file with inline heads of the same name get a class each, not one shared by mistake.</summary>
    [Fact]
    public void InlineHeadsOfTwoNetworksKeepTheirOwnClasses()
    {
        const string text = """
            network A {
              input 1x8x8
              classes 2
              aux = aux_head weight=0.3 { global_avgpool; fc = linear classes }
              global_avgpool
              linear classes
            }

            network B {
              input 1x8x8
              classes 2
              aux = aux_head weight=0.3 { adaptive_avgpool 2x2; flatten; fc = linear classes }
              global_avgpool
              linear classes
            }
            """;
        var compilation = Compilation.Compile("/m/two.incept", text, _ => null);
        Assert.Empty(compilation.Diagnostics);
        var python = PyTorchEmitter.Emit(compilation, Path.GetFileName);
        Assert.Contains("class AuxHead(nn.Module):", python, StringComparison.Ordinal);
        Assert.Contains("class AuxHead2(nn.Module):", python, StringComparison.Ordinal);
        Assert.Contains("self.aux = AuxHead(1, num_classes) if aux_logits else None", python, StringComparison.Ordinal);
        Assert.Contains("self.aux = AuxHead2(1, num_classes) if aux_logits else None", python, StringComparison.Ordinal);
    }
}
