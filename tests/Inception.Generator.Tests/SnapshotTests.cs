namespace Inception.Generator.Tests;

/// <summary>
/// The emitted C# of the reference models is committed under generated/Inception.Models/Generated for readers;
/// this test keeps it identical to the generator's output. On a mismatch it writes a .received file beside
/// the committed one; set INCEPT_ACCEPT_SNAPSHOTS=1 to accept the new output (<see cref="Snapshot"/>).
/// </summary>
public sealed class SnapshotTests
{
    [Theory]
    [InlineData("googlenet.incept", "googlenet.GoogLeNet.g.cs")]
    [InlineData("inception_v2.incept", "inception_v2.InceptionV2.g.cs")]
    [InlineData("inception_v3.incept", "inception_v3.InceptionV3.g.cs")]
    [InlineData("inception_v4.incept", "inception_v4.InceptionV4.g.cs")]
    [InlineData("inception_resnet_v2.incept", "inception_resnet_v2.InceptionResNetV2.g.cs")]
    [InlineData("xception.incept", "xception.Xception.g.cs")]
    public void EmittedCodeMatchesTheCommittedSnapshot(string model, string hintName)
    {
        var path = Repository.Path("dsl", model);
        var driver = GeneratorHarness.CreateDriver(new[] { GeneratorHarness.File(path, File.ReadAllText(path)) }, Repository.Path("generated", "Inception.Models"))
            .RunGenerators(GeneratorHarness.Compilation());
        var result = driver.GetRunResult().Results.Single();
        Assert.Empty(result.Diagnostics);
        var actual = result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

        Snapshot.Matches(actual, Repository.Path("generated", "Inception.Models", "Generated", hintName), hintName);
    }
}
