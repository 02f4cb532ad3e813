using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using Razorvine.Pickle;
using TorchSharp;
using static TorchSharp.torch;

namespace Inception.Runtime.Weights;

/// <summary>
/// Reads the zip format torch.save writes for a state_dict: the pickle in <c>data.pkl</c>, each storage in
/// <c>data/KEY</c>. Every tensor is rebuilt as PyTorch's <c>_rebuild_tensor_v2</c> does it, a strided view
/// (offset, size, stride) of its storage, then copied out contiguous; so views of one shared storage, non-
/// contiguous views (<c>.t()</c>, slices) and <c>nn.Parameter</c> entries load as torch.load gives them.
/// </summary>
internal static class TorchSaveReader
{
    /// <summary>The pickle's size limit: a state_dict's pickle is small; its tensors live in their own entries.</summary>
    private const long MaxPickleBytes = 64L << 20;

    static TorchSaveReader()
    {
        // Razorvine keeps its constructors in one process-wide table; these are the only torch names a state_dict uses.
        Unpickler.registerConstructor("collections", "OrderedDict", new Constructor(_ => new PickledDict()));
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new Constructor(RebuildTensor));
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", new Constructor(a => a[0]));
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter_with_state", new Constructor(a => a[0]));
        foreach (var (name, type) in StorageTypes)
        {
            Unpickler.registerConstructor("torch", name, new StorageType(type));
        }
    }

    private static readonly (string Name, ScalarType Type)[] StorageTypes =
    [
        ("FloatStorage", ScalarType.Float32), ("DoubleStorage", ScalarType.Float64), ("HalfStorage", ScalarType.Float16),
        ("BFloat16Storage", ScalarType.BFloat16), ("LongStorage", ScalarType.Int64), ("IntStorage", ScalarType.Int32),
        ("ShortStorage", ScalarType.Int16), ("CharStorage", ScalarType.Int8), ("ByteStorage", ScalarType.Byte),
        ("BoolStorage", ScalarType.Bool),
    ];

    /// <summary>The pickled root object: a dictionary whose values are tensors where it is a state_dict.</summary>
    /// <exception cref="InvalidDataException">Not a torch.save zip, or one whose pickle or storages do not fit together.</exception>
    public static IDictionary Read(string path)
    {
        using var zip = OpenZip(path);
        var pickle = zip.Entries.FirstOrDefault(e => e.FullName == "data.pkl" || e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal))
            ?? throw new InvalidDataException("it has no data.pkl, so it is not in the zip-based format torch.save writes (damaged, or another format?)");
        if (pickle.Length > MaxPickleBytes)
        {
            throw new InvalidDataException($"its data.pkl holds {pickle.Length} bytes, more than a state_dict's pickle ({MaxPickleBytes >> 20} MB)");
        }

        var prefix = pickle.FullName[..^"data.pkl".Length];
        using var storages = new StorageUnpickler(zip, prefix);
        using var stream = pickle.Open();
        object root;
        try
        {
            root = storages.load(stream);
        }
        finally
        {
            // Each tensor was copied out of its storage, so the storages go whatever happened.
            storages.DisposeStorages();
        }

        return root as IDictionary ?? throw new InvalidDataException($"it holds a pickled {root?.GetType().Name ?? "None"}, not a dictionary of tensors");
    }

    private static ZipArchive OpenZip(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException("it is not in the zip-based format torch.save writes (damaged, or another format?)");
        }
    }

    /// <summary><c>_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])</c>.</summary>
    private static object RebuildTensor(object[] arguments)
    {
        if (arguments.Length < 4 || arguments[0] is not Storage storage)
        {
            throw new InvalidDataException("a tensor in it is not rebuilt from a storage as torch.save writes it");
        }

        var offset = Convert.ToInt64(arguments[1], System.Globalization.CultureInfo.InvariantCulture);
        var size = Longs(arguments[2]);
        var stride = Longs(arguments[3]);
        long last = offset;
        for (var i = 0; i < size.Length; i++)
        {
            if (size[i] < 0 || stride[i] < 0)
            {
                throw new InvalidDataException("a tensor in it has a negative size or stride");
            }

            last += size[i] == 0 ? 0 : (size[i] - 1) * stride[i];
        }

        var empty = size.Any(s => s == 0);
        if (offset < 0 || (!empty && last >= storage.Data.numel()))
        {
            throw new InvalidDataException($"a tensor in it reaches element {last} of a storage of {storage.Data.numel()} (damaged?)");
        }

        return empty ? zeros(size, storage.Data.dtype) : storage.Data.as_strided(size, stride, offset).contiguous().clone();
    }

    private static long[] Longs(object value) => value switch
    {
        object[] items => items.Select(i => Convert.ToInt64(i, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        _ => throw new InvalidDataException("a tensor in it has a size or stride that is not a tuple"),
    };

    private sealed class Constructor(Func<object[], object> make) : IObjectConstructor
    {
        public object construct(object[] args) => make(args);
    }

    /// <summary>An OrderedDict; the <c>_metadata</c> a state_dict carries (module versions) is not needed to load it.</summary>
    private sealed class PickledDict : Hashtable
    {
#pragma warning disable IDE1006, CA1822 // The name and the instance method are what the unpickler calls.
        public void __setstate__(Hashtable state)
        {
        }
#pragma warning restore IDE1006, CA1822
    }

    /// <summary>
    /// A storage class such as <c>torch.FloatStorage</c>: the pickle names it as a bare global inside a persistent
    /// id, and the unpickler puts the registered constructor itself there, so it is what carries the element type.
    /// </summary>
    private sealed class StorageType(ScalarType type) : IObjectConstructor
    {
        public ScalarType Type { get; } = type;

        public object construct(object[] args) => throw new InvalidDataException($"it calls the storage class of {Type}, which a state_dict never does");
    }

    /// <summary>One storage, read once however many tensors view it.</summary>
    private sealed record Storage(Tensor Data);

    /// <summary>Resolves the pickle's persistent ids, <c>('storage', type, key, location, numel)</c>, to the zip's data entries.</summary>
    private sealed class StorageUnpickler(ZipArchive zip, string prefix) : Unpickler
    {
        private readonly Dictionary<string, Storage> _storages = new(StringComparer.Ordinal);

        protected override object persistentLoad(object pid)
        {
            if (pid is not object[] { Length: >= 5 } fields || fields[0] is not "storage" || fields[1] is not StorageType type || fields[2] is not string key)
            {
                throw new InvalidDataException("it refers to data that is not a storage torch.save writes");
            }

            if (_storages.TryGetValue(key, out var known))
            {
                return known;
            }

            var entry = zip.GetEntry(prefix + "data/" + key) ?? throw new InvalidDataException($"its storage '{key}' is missing from the zip (truncated?)");
            var elements = Convert.ToInt64(fields[4], System.Globalization.CultureInfo.InvariantCulture);
            var bytes = new byte[entry.Length];
            using (var data = entry.Open())
            {
                data.ReadExactly(bytes);
            }

            var tensor = FromBytes(bytes, type.Type);
            if (tensor.numel() != elements)
            {
                tensor.Dispose();
                throw new InvalidDataException($"its storage '{key}' holds {bytes.Length} bytes, not the {elements} elements the pickle announces");
            }

            return _storages[key] = new Storage(tensor);
        }

        public void DisposeStorages()
        {
            foreach (var storage in _storages.Values)
            {
                storage.Data.Dispose();
            }

            _storages.Clear();
        }

        private static Tensor FromBytes(byte[] bytes, ScalarType type) => type switch
        {
            ScalarType.Float32 => tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray()),
            ScalarType.Float64 => tensor(MemoryMarshal.Cast<byte, double>(bytes).ToArray()),
            ScalarType.Int64 => tensor(MemoryMarshal.Cast<byte, long>(bytes).ToArray()),
            ScalarType.Int32 => tensor(MemoryMarshal.Cast<byte, int>(bytes).ToArray()),
            ScalarType.Int16 => tensor(MemoryMarshal.Cast<byte, short>(bytes).ToArray()),
            ScalarType.Int8 => tensor(MemoryMarshal.Cast<byte, sbyte>(bytes).ToArray()),
            ScalarType.Byte => tensor(bytes),
            ScalarType.Bool => tensor(bytes.Select(b => b != 0).ToArray()),
            ScalarType.Float16 => tensor(MemoryMarshal.Cast<byte, Half>(bytes).ToArray().Select(h => (float)h).ToArray()).to(ScalarType.Float16),

            // bfloat16 is the upper half of a float32.
            ScalarType.BFloat16 => tensor(MemoryMarshal.Cast<byte, ushort>(bytes).ToArray().Select(b => BitConverter.Int32BitsToSingle(b << 16)).ToArray()).to(ScalarType.BFloat16),
            _ => throw new InvalidDataException($"its storages hold {type}, which this reader does not read"),
        };
    }
}
