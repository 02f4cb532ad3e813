namespace Inception.Cli.Tests;

/// <summary>
/// A small tmpfs the test mounts (CI runs as root) to make real faults: a full disk (<c>size=64k</c>) or a
/// read-only folder (<c>ro</c>), which root cannot write even where file permissions would let it.
/// </summary>
internal sealed class TinyMount : IDisposable
{
    public TinyMount(string options, Action<string>? fill = null)
    {
        Path = Directory.CreateTempSubdirectory("incept-mount-").FullName;
        if (fill is not null)
        {
            // A read-only mount is filled while writable, then remounted.
            Mount("size=1m");
            fill(Path);
            var (code, message) = ProcessRunner.Run("mount", $"-o remount,{options} \"{Path}\"", Path, TimeSpan.FromSeconds(30));
            Assert.True(code == 0, "remount failed: " + message);
        }
        else
        {
            Mount(options);
        }
    }

    public string Path { get; }

    public void Dispose()
    {
        ProcessRunner.Run("umount", $"\"{Path}\"", System.IO.Path.GetTempPath(), TimeSpan.FromSeconds(30));
        Directory.Delete(Path, recursive: true);
    }

    private void Mount(string options)
    {
        var (code, message) = ProcessRunner.Run("mount", $"-t tmpfs -o {options} tmpfs \"{Path}\"", Path, TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"this test mounts a tmpfs ({options}) and needs root (CI runs as root): {message}");
    }
}
