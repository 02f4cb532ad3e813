using System.Diagnostics;
using System.IO.Compression;

namespace Inception.Cli.Tests;

/// <summary>
/// Inputs that are not what they claim, through the real <c>incept</c> process: a named pipe as a source, an
/// import or an output, links that cannot be written through, an output among the calibration images, weight
/// files of another kind, and calibration files that are bombs, truncated, pipes, devices, loops or unreadable.
/// Each ends in a bounded time with one line that names the file and its fault, and leaves every file as it was.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OddInputTests : IDisposable
{
    /// <summary>Far above any of these commands' run time; a hang fails the test instead of stalling the suite.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private readonly string _folder = Directory.CreateTempSubdirectory("incept-odd-").FullName;

    [Fact]
    public void ANamedPipeAsASourceOrAnImportIsAnErrorNotAHang()
    {
        var pipe = MakeFifo("pipe.incept");
        var importer = Path.Combine(_folder, "main.incept");
        File.WriteAllText(importer, "import \"pipe.incept\"\n" + File.ReadAllText(Repository.Dsl("examples/mini_inception.incept")));

        var (code, _, error) = Run("check", importer);
        Assert.Equal(1, code);
        Assert.Contains($"{importer}(1,1): error INC0303: cannot read imported file 'pipe.incept': '{pipe}' is a named pipe (FIFO), not a regular file", error, StringComparison.Ordinal);

        foreach (var command in new[] { "check", "fmt", "stats" })
        {
            (code, _, error) = Run(command, pipe);
            Assert.True(code == 1, $"{command}: exit {code}: {error}");
            Assert.Contains($"{pipe}(1,1): error INC0303: cannot read the file: '{pipe}' is a named pipe (FIFO), not a regular file", error, StringComparison.Ordinal);
        }

        Assert.Equal("fifo", Stat(pipe));
    }

    [Fact]
    public void AnOutputPipeThatNobodyReadsIsRefusedAndKept()
    {
        var pipe = MakeFifo("out.incept");
        var (code, output, error) = Run("export", Repository.Dsl("examples/mini_inception.incept"), "-o", pipe);
        Assert.Equal(1, code);
        Assert.Contains($"incept: Cannot write '{pipe}': it is a named pipe (FIFO) that no process is reading", error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrote", output, StringComparison.Ordinal);
        Assert.Equal("fifo", Stat(pipe));
    }

    [Fact]
    public void ALinkThatCannotBeWrittenThroughIsRefusedAndKept()
    {
        var link = Path.Combine(_folder, "link.onnx");
        var target = Path.Combine(_folder, "gone", "model.onnx");
        File.CreateSymbolicLink(link, target);
        var calibration = CalibrationFolder(("a.png", Png(8, 8)));
        foreach (var extra in new[] { Array.Empty<string>(), new[] { "--quantize", "int8", "--calibrate", calibration } })
        {
            var (code, _, error) = Run(["export", RgbNetwork(), "-o", link, .. extra]);
            Assert.True(code == 1, error);
            Assert.Contains($"incept: Cannot write '{link}': it is a symbolic link to '{target}', which cannot be written through", error, StringComparison.Ordinal);
            Assert.Equal("symbolic link", Stat(link));
            Assert.Equal(target, new FileInfo(link).LinkTarget);
        }
    }

    [Fact]
    public void AnOutputAmongTheCalibrationImagesIsRefused()
    {
        var image = Png(8, 8);
        var calibration = CalibrationFolder(("a.png", image));
        var (code, output, error) = Run("export", RgbNetwork(), "--quantize", "int8", "--calibrate", calibration, "-o", Path.Combine(calibration, "a.png"));
        Assert.Equal(2, code);
        Assert.Contains("would replace the input", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
        Assert.Equal(image, File.ReadAllBytes(Path.Combine(calibration, "a.png")));
    }

    [Fact]
    public void WeightsOfAnotherKindAreOneLineWithoutANativeTrace()
    {
        var model = Path.Combine(_folder, "model.onnx");
        var network = Repository.Dsl("examples/mini_inception.incept");
        Assert.Equal(0, Run("export", network, "-o", model).Code);
        var commands = new[]
        {
            new[] { "export", network, "--weights", model, "-o", Path.Combine(_folder, "again.onnx") },
            new[] { "eval", network, "--weights", model, "--data", "fashion-mnist", "--subset", "60" },
        };
        foreach (var args in commands)
        {
            var (code, _, error) = Run(args);
            Assert.True(code == 1, $"{args[0]}: exit {code}: {error}");
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(model, StringComparison.Ordinal));
            Assert.Contains("is not a TorchSharp weight file (module.save): it is an ONNX model, not a weight file", line, StringComparison.Ordinal);
            Assert.DoesNotContain("frame #", error, StringComparison.Ordinal);
        }

        // A zip given a TorchSharp name, and a bare pickle given a PyTorch one, are named for what they are.
        var zip = Path.Combine(_folder, "weights.dat");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntry("archive/data.pkl");
        }

        var pickle = Path.Combine(_folder, "legacy.pt");
        File.WriteAllBytes(pickle, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
        foreach (var (file, expected) in new[] { (zip, "it is a zip archive, as torch.save writes: name it .pt"), (pickle, "it is a bare Python pickle") })
        {
            var (code, _, error) = Run("export", network, "--weights", file, "-o", Path.Combine(_folder, "x.onnx"));
            Assert.Equal(1, code);
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CalibrationFilesThatAreNotImagesAreNamedForWhatTheyAre()
    {
        var cases = new (string Name, Action<string> Make, string Expected)[]
        {
            ("bomb", folder => File.WriteAllBytes(Path.Combine(folder, "a.png"), Png(65535, 65535, pixels: false)), "declares 65535x65535 pixels (4,294,836,225), more than the 67,108,864 a calibration image may have"),
            ("truncated", folder => File.WriteAllBytes(Path.Combine(folder, "a.png"), Png(64, 64)[..60]), "is truncated: its pixel data ends before the 64x64 image it declares"),
            ("pipe", folder => Fifo(Path.Combine(folder, "a.png")), "is a named pipe (FIFO), not an image file"),
            ("loop", folder => File.CreateSymbolicLink(Path.Combine(folder, "a.png"), "a.png"), "is a symbolic link that loops"),
            ("device", folder => File.CreateSymbolicLink(Path.Combine(folder, "a.png"), "/dev/zero"), "is a character device, not an image file"),
            ("dangling", folder => File.CreateSymbolicLink(Path.Combine(folder, "a.png"), "/no/such/image.png"), "is a symbolic link to '/no/such/image.png', which does not exist"),
        };
        foreach (var (name, make, expected) in cases)
        {
            var folder = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
            make(folder);
            var clock = Stopwatch.StartNew();
            var (code, output, error) = Run("export", RgbNetwork(), "--quantize", "int8", "--calibrate", folder, "-o", Path.Combine(_folder, name + ".onnx"));
            Assert.True(code == 1, $"{name}: exit {code}: {output}{error}");
            Assert.Contains($"incept: '{Path.Combine(folder, "a.png")}' {expected}", error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(_folder, name + ".onnx")), name);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{name} took {clock.Elapsed}");
        }

        // A name that is not UTF-8: written through the shell, as .NET would not make one.
        var odd = Directory.CreateDirectory(Path.Combine(_folder, "odd-name")).FullName;
        Assert.Equal(0, ProcessRunner.Run("sh", $"-c \"printf x > '{odd}'/$(printf '\\377\\376').png\"", _folder, Bound).ExitCode);
        var result = Run("export", RgbNetwork(), "--quantize", "int8", "--calibrate", odd, "-o", Path.Combine(_folder, "odd.onnx"));
        Assert.Equal(1, result.Code);
        Assert.Contains("has a name that is not valid UTF-8, so it cannot be opened by name; rename it", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreadableCalibrationImageIsNamedSo()
    {
        var folder = CalibrationFolder(("a.png", Png(8, 8)));
        var image = Path.Combine(folder, "a.png");
        File.SetUnixFileMode(image, UnixFileMode.None);

        // root reads any file: then the command runs as nobody, with a folder nobody may write into.
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            File.SetUnixFileMode(_folder, (UnixFileMode)0x1FF);
        }

        var (code, _, error) = asRoot
            ? ProcessRunner.Run("setpriv", $"--reuid=65534 --regid=65534 --clear-groups env HOME={_folder} dotnet \"{Path.Combine(AppContext.BaseDirectory, "incept.dll")}\" export \"{RgbNetwork()}\" --quantize int8 --calibrate \"{folder}\" -o \"{Path.Combine(_folder, "u.onnx")}\"", _folder, Bound) is var (c, o) ? (c, string.Empty, o) : default
            : Run("export", RgbNetwork(), "--quantize", "int8", "--calibrate", folder, "-o", Path.Combine(_folder, "u.onnx"));
        Assert.True(code == 1, error);
        Assert.Contains($"'{image}' cannot be read: permission denied", error, StringComparison.Ordinal);
    }

    /// <summary>rm, not Directory.Delete: .NET cannot name the file whose name is not UTF-8.</summary>
    public void Dispose() => ProcessRunner.Run("rm", $"-rf \"{_folder}\"", Path.GetTempPath(), Bound);

    private static (int Code, string Output, string Error) Run(params string[] args) => InceptProcess.Run(Bound, args);

    private string MakeFifo(string name)
    {
        var path = Path.Combine(_folder, name);
        Fifo(path);
        return path;
    }

    private static void Fifo(string path) => Assert.Equal(0, ProcessRunner.Run("mkfifo", $"\"{path}\"", Path.GetTempPath(), Bound).ExitCode);

    /// <summary>A 3-channel network, as calibration from a folder of images needs.</summary>
    private string RgbNetwork()
    {
        var path = Path.Combine(_folder, "rgb.incept");
        File.WriteAllText(path, "network Rgb {\n  input 3x16x16\n  classes 4\n  conv 8 3x3\n  global_avgpool\n  flatten\n  linear classes\n}\n");
        return path;
    }

    private string CalibrationFolder(params (string Name, byte[] Bytes)[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "calibration-" + Guid.NewGuid().ToString("N")[..6])).FullName;
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }

        return folder;
    }

    /// <summary>An RGB PNG of grey pixels; without <paramref name="pixels"/>, only its header (a decompression bomb's 69 bytes).</summary>
    private static byte[] Png(int width, int height, bool pixels = true)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk(png, "IHDR", header);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var rows = pixels ? height : 0;
            for (var row = 0; row < rows; row++)
            {
                zlib.WriteByte(0);
                zlib.Write(Enumerable.Repeat((byte)128, width * 3).ToArray());
            }
        }

        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    /// <summary>PNG's chunk checksum (CRC-32, polynomial 0xEDB88320), bit by bit: a few hundred bytes here.</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static string Stat(string path) => OutputPathTests.Stat(path);
}
