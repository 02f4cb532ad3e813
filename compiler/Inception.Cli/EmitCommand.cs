using System.CommandLine;
using Inception.Compiler.Emit.PyTorch;
using Inception.Runtime.IO;

namespace Inception.Cli;

/// <summary>
/// <c>incept emit FILE --target pytorch --output DIR</c>: DIR/FILE_STEM.py with the network as PyTorch modules
/// (state_dict keys as the C# classes'), and DIR/train.py, a distributed trainer for it.
/// </summary>
internal static class EmitCommand
{
    public static Command Create()
    {
        var file = CommandKit.File("the .incept file");
        var target = CommandKit.Choice("--target", "the language to write", "pytorch");
        var directory = new Option<string>("--output", "-o") { Description = "the folder to write FILE.py and train.py into", HelpName = "DIR", Required = true };
        var network = CommandKit.Network("the network train.py trains when the file has several (default: the first)");
        var command = new Command("emit", "Write the network as PyTorch modules (DIR/FILE.py, with the C# classes' state_dict keys) and DIR/train.py, a torch.distributed trainer (--nproc P or torchrun).")
        {
            file, target, directory, network,
        };
        return command.WithAction((parse, output, error) => Run(parse.GetValue(file)!, parse.GetValue(directory)!, parse.GetValue(network), output, error));
    }

    private static int Run(string path, string directory, string? wanted, TextWriter output, TextWriter error)
    {
        var compilation = SourceFiles.Compile(path, error);
        if (compilation is null || compilation.HasErrors)
        {
            return ExitCodes.Errors;
        }

        var plan = wanted is null ? compilation.Plans.FirstOrDefault() : compilation.Plans.FirstOrDefault(p => p.Name == wanted);
        if (plan is null)
        {
            error.WriteLine($"incept: {path} has no network{(wanted is null ? string.Empty : $" '{wanted}'")}");
            return ExitCodes.Errors;
        }

        // Both texts are made before either file is written, so a failure to make one writes nothing.
        var module = PyTorchEmitter.ModuleName(path);
        var modelFile = Path.Combine(directory, module + ".py");
        var trainFile = Path.Combine(directory, "train.py");
        var model = PyTorchEmitter.Emit(compilation, Path.GetFileName);
        var trainer = PyTorchEmitter.TrainScript(module, PyTorchEmitter.ClassName(plan.Name), Path.GetFileName(path));
        try
        {
            Directory.CreateDirectory(directory);
            AtomicFile.WriteAllTexts((modelFile, model), (trainFile, trainer));
            output.WriteLine($"wrote {modelFile} ({string.Join(", ", compilation.Plans.Select(p => p.Name))}) and {trainFile} (trains {plan.Name})");
            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Both files or neither: the model file is not replaced when train.py cannot be written.
            error.WriteLine($"incept: cannot write to {directory}: {exception.Message}");
            return ExitCodes.Errors;
        }
    }
}
