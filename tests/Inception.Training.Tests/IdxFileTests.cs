using Inception.Training.Data;

namespace Inception.Training.Tests;

public sealed class IdxFileTests : IDisposable
{
    private static readonly byte[] Values = Enumerable.Range(0, 24).Select(value => (byte)(value * 10)).ToArray();
    private readonly TemporaryDirectory directory = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_tiny_file_reads_back_its_dimensions_and_values(bool gzip)
    {
        var path = directory.File(gzip ? "tiny-idx3-ubyte.gz" : "tiny-idx3-ubyte");
        IdxFiles.Write(path, [2, 3, 4], Values, gzip);

        var array = IdxFile.Read(path);

        Assert.Equal(new[] { 2, 3, 4 }, array.Dimensions);
        Assert.Equal(Values, array.Values);
    }

    [Fact]
    public void Compression_is_detected_from_the_content_not_the_name()
    {
        var path = directory.File("no-extension");
        IdxFiles.Write(path, [24], Values, gzip: true);

        Assert.Equal(Values, IdxFile.Read(path).Values);
    }

    [Fact]
    public void The_array_becomes_a_uint8_tensor_of_its_shape()
    {
        var path = directory.File("tensor-idx3-ubyte");
        IdxFiles.Write(path, [2, 3, 4], Values, gzip: false);

        using var tensor = IdxFile.Read(path).ToTensor();

        Assert.Equal(new long[] { 2, 3, 4 }, tensor.shape);
        Assert.Equal(uint8, tensor.dtype);
        Assert.Equal(230, tensor[1, 2, 3].item<byte>());
    }

    [Fact]
    public void A_truncated_file_is_reported_with_its_path()
    {
        var path = directory.File("short-idx1-ubyte");
        File.WriteAllBytes(path, IdxFiles.Encode(0x08, [10], [1, 2, 3]));

        var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("3 of 10 bytes", error.Message);
    }

    [Fact]
    public void Value_types_other_than_unsigned_bytes_are_rejected()
    {
        var path = directory.File("floats-idx1");
        File.WriteAllBytes(path, IdxFiles.Encode(0x0D, [1], [0, 0, 0, 0]));

        var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));

        Assert.Contains("0x0D", error.Message);
    }

    [Fact]
    public void Fashion_mnist_files_load_as_an_image_set_from_any_directory()
    {
        WriteSplit("train", 3);
        WriteSplit("t10k", 2);

        using var train = FashionMnist.LoadTrain(directory.Path);
        using var test = FashionMnist.LoadTest(directory.Path);

        Assert.Equal(new long[] { 3, 1, 2, 2 }, train.Images.shape);
        Assert.Equal(new long[] { 0, 1, 2 }, train.Labels.data<long>().ToArray());
        Assert.Equal(2, test.Count);
        Assert.Equal(10, train.Classes);
    }

    [Fact]
    public void A_missing_fashion_mnist_file_says_how_to_install_it()
    {
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.LoadTrain(directory.Path));

        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
        Assert.False(FashionMnist.IsInstalled(directory.Path));
    }

    public void Dispose() => directory.Dispose();

    private void WriteSplit(string split, int count)
    {
        IdxFiles.Write(directory.File($"{split}-images-idx3-ubyte.gz"), [count, 2, 2], new byte[count * 4], gzip: true);
        IdxFiles.Write(directory.File($"{split}-labels-idx1-ubyte"), [count], Enumerable.Range(0, count).Select(label => (byte)label).ToArray(), gzip: false);
    }
}
