using System;
using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace Inception.Training.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 60,000 training and 10,000 test images, 28 x 28
/// grey levels, 10 classes. Debian and Ubuntu ship it as the package <c>dataset-fashion-mnist</c>,
/// which installs gzip-compressed IDX files under <see cref="DebianDirectory"/>.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where <c>apt-get install dataset-fashion-mnist</c> puts the files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The number of classes.</summary>
    public const int Classes = 10;

    /// <summary>The class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>What to tell someone whose <paramref name="directory"/> lacks the data set: where it was looked for and how to install it.</summary>
    public static string NotInstalled(string directory) =>
        $"Fashion-MNIST not found in {directory}; install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass --data-dir";

    /// <summary>Whether all four files are in <paramref name="directory"/>.</summary>
    public static bool IsInstalled(string directory = DebianDirectory) =>
        Array.TrueForAll(["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"], name => Find(directory, name) is not null);

    /// <summary>The 60,000 training images.</summary>
    public static ImageDataset LoadTrain(string directory = DebianDirectory) => Load(directory, "train");

    /// <summary>The 10,000 test images.</summary>
    public static ImageDataset LoadTest(string directory = DebianDirectory) => Load(directory, "t10k");

    private static ImageDataset Load(string directory, string split)
    {
        var images = IdxFile.Read(Require(directory, $"{split}-images-idx3-ubyte"));
        var labels = IdxFile.Read(Require(directory, $"{split}-labels-idx1-ubyte"));
        if (images.Dimensions.Count != 3 || labels.Dimensions.Count != 1 || images.Dimensions[0] != labels.Dimensions[0])
        {
            throw new InvalidDataException(
                $"Fashion-MNIST '{split}' in {directory}: expected N x H x W images and N labels, found [{string.Join(", ", images.Dimensions)}] and [{string.Join(", ", labels.Dimensions)}].");
        }

        using var flat = images.ToTensor();
        using var bytes = labels.ToTensor();
        return new ImageDataset(flat.unsqueeze(1), bytes.to(int64), Classes);
    }

    private static string Require(string directory, string name) =>
        Find(directory, name) ?? throw new FileNotFoundException(
            $"Fashion-MNIST file '{name}[.gz]' not found in {directory}. On Debian or Ubuntu install it with " +
            "'apt-get install dataset-fashion-mnist'; elsewhere download the IDX files from github.com/zalandoresearch/fashion-mnist.",
            Path.Combine(directory, name));

    private static string? Find(string directory, string name)
    {
        foreach (var candidate in new[] { name, name + ".gz" })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
