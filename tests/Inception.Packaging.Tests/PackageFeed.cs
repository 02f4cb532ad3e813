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
    public static readonly string[] Projects =
    {
        "compiler/Inception.Generator/Inception.Generator.csproj",
        "runtime/Inception.Runtime/Inception.Runtime.csproj",
        "compiler/Inception.Cli/Inception.Cli.csproj",
        "compiler/Inception.Templates/Inception.Templates.csproj",
    };

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

    public string Package(string id) => Path.Combine(Folder, $"{id}.{Version}.nupkg");

    /// <summary>Packs every package project of the copy into <paramref name="folder"/>.</summary>
    public void Pack(string folder)
    {
        foreach (var project in Projects)
        {
            Shell.Dotnet($"pack {project} -c Release -o \"{folder}\" -p:Version={Version} -p:ContinuousIntegrationBuild=true", Source);
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
