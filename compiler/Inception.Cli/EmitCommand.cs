using Inception.Compiler.Emit.PyTorch;

namespace Inception.Cli;

/// <summary>
/// <c>incept emit FILE --target pytorch --output DIR</c>: DIR/FILE_STEM.py with the network as PyTorch modules
/// (state_dict keys as the C# classes'), and DIR/train.py, a distributed trainer for it.
/// </summary>
internal static class EmitCommand
{
    public static readonly IReadOnlySet<string> ValueOptions = new HashSet<string> { "--target", "--output", "--network" };

    public static int Run(Arguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positional.Count != 1)
        {
            throw new UsageException("emit needs one .incept file");
        }

        if ((arguments.Option("--target") ?? "pytorch") != "pytorch")
        {
            throw new UsageException($"unknown target '{arguments.Option("--target")}'; emit writes pytorch");
        }

        var directory = arguments.Option("--output") ?? throw new UsageException("emit needs --output DIR");
        var path = arguments.Positional[0];
        var compilation = SourceFiles.Compile(path, error);
        if (compilation is null || compilation.HasErrors)
        {
            return ExitCodes.Errors;
        }

        var wanted = arguments.Option("--network");
        var plan = wanted is null ? compilation.Plans.FirstOrDefault() : compilation.Plans.FirstOrDefault(p => p.Name == wanted);
        if (plan is null)
        {
            error.WriteLine($"incept: {path} has no network{(wanted is null ? string.Empty : $" '{wanted}'")}");
            return ExitCodes.Errors;
        }

        try
        {
            Directory.CreateDirectory(directory);
            var module = Path.GetFileNameWithoutExtension(path).Replace('-', '_').Replace('.', '_');
            var modelFile = Path.Combine(directory, module + ".py");
            AtomicText.Write(modelFile, PyTorchEmitter.Emit(compilation, Path.GetFileName));
            AtomicText.Write(Path.Combine(directory, "train.py"), PyTorchEmitter.TrainScript(module, plan.Name, Path.GetFileName(path)));
            output.WriteLine($"wrote {modelFile} ({string.Join(", ", compilation.Plans.Select(p => p.Name))}) and {Path.Combine(directory, "train.py")} (trains {plan.Name})");
            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"incept: cannot write to {directory}: {exception.Message}");
            return ExitCodes.Errors;
        }
        catch (NotSupportedException exception)
        {
            // A runtime module the PyTorch printer has no definition of.
            error.WriteLine($"incept: {exception.Message}");
            return ExitCodes.Errors;
        }
    }
}

/// <summary>Writes a text file through a temporary file in the same folder and a rename, so a failure leaves no partial file.</summary>
internal static class AtomicText
{
    public static void Write(string path, string text)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
