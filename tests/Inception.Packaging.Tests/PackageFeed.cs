using System.IO.Compression;
using System.Security.Cryptography;

namespace Inception.Packaging.Tests;

/// <summary>
/// Packs the four packages from a copy of the repository (so a test never writes into the checkout that
/// other tests are building) into a local feed, under a version unique to this run: NuGet caches packages
/// by id and version, and a stale 0.1.0 from an earlier run must not stand in for the one just packed.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    /// <summary>Each package project, with the properties that pick its package (the CLI makes two tools).</summary>
    public static readonly (string Project, string Properties)[] Projects =
    {
        ("compiler/Inception.Generator/Inception.Generator.csproj", string.Empty),
        ("runtime/Inception.Runtime/Inception.Runtime.csproj", string.Empty),
        ("compiler/Inception.Cli/Inception.Cli.csproj", "-p:InceptBundleLibTorch=false"),
        ("compiler/Inception.Cli/Inception.Cli.csproj", string.Empty),
        ("compiler/Inception.Templates/Inception.Templates.csproj", string.Empty),
    };

    public static readonly string[] Ids = ["Inception.Dsl", "Inception.Runtime", "Inception.Dsl.Tool", "Inception.Dsl.Tool.Full", "Inception.Dsl.Templates"];

    public PackageFeed()
    {
        Version = "0.1.0-ci." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        Root = Path.Combine(Path.GetTempPath(), "incept-packaging-" + Guid.NewGuid().ToString("N"));
        Source = Path.Combine(Root, "source");
        Folder = Path.Combine(Root, "feed");
        CopyRepository(Repository.Root, Source);
        Pack(Folder);
    }

    public string Version { get; }

    public string Root { get; }

    public string Source { get; }

    public string Folder { get; }

    /// <summary>Where the tests' restores extract packages: inside <see cref="Root"/>, so nothing stays behind.</summary>
    public string Packages => Path.Combine(Root, "packages");

    /// <summary>The user's NuGet package folder, which the tests read from but never write to.</summary>
    public static string UserPackages { get; } = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
        ? configured
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The TorchSharp version the repository builds with (Directory.Packages.props), which a consumer adds.</summary>
    public static string TorchSharpVersion { get; } = System.Xml.Linq.XDocument.Load(Repository.Path("Directory.Packages.props"))
        .Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == "TorchSharp-cpu").Attribute("Version")!.Value;

    public string Package(string id) => Path.Combine(Folder, $"{id}.{Version}.nupkg");

    /// <summary>Packs every package project of the copy into <paramref name="folder"/>.</summary>
    public void Pack(string folder)
    {
        foreach (var (project, properties) in Projects)
        {
            Shell.Dotnet($"pack {project} -c Release -o \"{folder}\" -p:Version={Version} -p:ContinuousIntegrationBuild=true {properties}", Source);
        }
    }

    /// <summary>Entry name -> SHA-256 of its bytes, leaving out the two files NuGet names with a fresh random id on every pack.</summary>
    public static SortedDictionary<string, string> Contents(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var contents = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith(".psmdcp", StringComparison.Ordinal) && e.FullName != "_rels/.rels"))
        {
            using var stream = entry.Open();
            contents[entry.FullName] = Convert.ToHexString(SHA256.HashData(stream));
        }

        return contents;
    }

    /// <summary>The ids of the package's dependencies, from its .nuspec.</summary>
    public static List<string> Dependencies(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return System.Xml.Linq.XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).Distinct().ToList();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static void CopyRepository(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is "bin" or "obj" or ".git" or "runs" or "TestResults" or "artifacts")
            {
                continue;
            }

            CopyRepository(directory, Path.Combine(to, name));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
