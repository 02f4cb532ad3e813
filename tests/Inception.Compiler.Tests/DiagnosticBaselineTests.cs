using System.Globalization;
using Inception.Compiler.Diagnostics;

namespace Inception.Compiler.Tests;

/// <summary>
/// Each bad sample of tests/data/diagnostics has a baseline of its diagnostics (place, code, message) beside it,
/// so a changed message or a moved location is a visible diff; INCEPT_ACCEPT_SNAPSHOTS=1 rewrites them.
/// Together the samples produce every code a .incept file can cause.
/// </summary>
public sealed class DiagnosticBaselineTests
{
    private static readonly string Folder = Repository.Path("tests", "data", "diagnostics");

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.incept").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void TheDiagnosticsAreTheBaselines(string sample)
    {
        var actual = Render(sample);
        Snapshot.Matches(actual, Path.Combine(Folder, Path.ChangeExtension(sample, ".diagnostics")), $"{sample}'s diagnostics");
    }

    [Fact]
    public void TheSamplesCauseEveryCodeAFileCan()
    {
        // INC0302 comes from writing (fmt on a full disk) and INC0999 from a compiler bug: no file causes them.
        var caused = Directory.GetFiles(Folder, "*.incept").SelectMany(f => Compilation.CompileFile(f).Diagnostics).Select(d => d.Id).ToHashSet();
        var missing = DiagnosticCatalog.All.Select(d => d.Id).Where(id => id is not (DiagnosticIds.CannotWrite or DiagnosticIds.InternalError) && !caused.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "no sample causes " + string.Join(", ", missing));
    }

    private static string Render(string sample)
    {
        var result = Compilation.CompileFile(Path.Combine(Folder, sample));
        Assert.NotEmpty(result.Diagnostics);
        return string.Concat(result.Diagnostics.Select(d => string.Create(
            CultureInfo.InvariantCulture,
            $"{Path.GetRelativePath(Folder, d.Location.Path).Replace('\\', '/')}({d.Location.Line},{d.Location.Column}): {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.Message.Replace(Folder, "<samples>", StringComparison.Ordinal)}\n")));
    }
}
