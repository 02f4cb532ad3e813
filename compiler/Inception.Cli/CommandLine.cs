namespace Inception.Cli;

/// <summary>Dispatches <c>incept COMMAND ...</c> to a command; turns usage mistakes into exit code 2.</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: incept <command> [options]

        commands:
          check FILE...                      report diagnostics as path(line,col): error INCnnnn: message
          stats FILE... [--format table|json|csv|markdown] [--depth N] [--network NAME]
                                             per-layer output shapes, parameters and MACs with totals
          fmt FILE... [--check]              rewrite files in the canonical layout; --check only lists those that differ
          graph FILE [--format dot|mermaid|svg] [--rankdir TB|LR] [--depth N] [--network NAME]
                [--module PATH] [--output FILE]
                                             draw the network (or one module) with the tensor shape on every edge
          diff A B | diff FILE --left X --right Y [--format table|markdown|json] [--depth N] [--all]
                                             layers added, removed and changed, with parameter and MAC
                                             deltas; exit 0 when equal, 1 when different, 2 on errors
          emit FILE --target pytorch --output DIR [--network NAME]
                                             DIR/FILE.py (PyTorch modules, the C# classes' state_dict keys) and
                                             DIR/train.py (a torch.distributed trainer: --nproc P or torchrun)
          eval FILE --weights W --data fashion-mnist [--subset K] [--data-dir D]
                                             top-1, top-5 and loss of a weight file (.pt, safetensors, TorchSharp)
          export FILE --weights W --output FILE.onnx [--format onnx] [--no-fold-bn] [--network NAME]
                                             the inference path as ONNX (opset 13, dynamic batch), weights by name
          train FILE --data fashion-mnist [--epochs N] [--batch B] [--optimizer rmsprop|sgd] [--lr X]
                [--lr-decay F --lr-every N] [--label-smoothing E] [--subset N] [--seed S] [--out DIR] [--resume] [--device auto|cpu|cuda]
                                             compile the file at run time and train it; writes a checkpoint,
                                             metrics.csv, curves.svg and weights.pt to --out; Ctrl-C saves and stops

        exit codes: 0 success, 1 errors in the input, 2 usage errors (diff: see above; train: 130 when
        interrupted after saving its checkpoint)
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? error : output).WriteLine(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        try
        {
            var rest = args.Skip(1);
            return args[0] switch
            {
                "check" => CheckCommand.Run(new Arguments(rest, new HashSet<string>(), new HashSet<string>()), output, error),
                "diff" => DiffCommand.Run(new Arguments(rest, new HashSet<string> { "--format", "--depth", "--left", "--right" }, new HashSet<string> { "--all" }), output, error, terminal: output == Console.Out && !Console.IsOutputRedirected),
                "train" => TrainCommand.Run(new Arguments(rest, TrainCommand.ValueOptions, new HashSet<string> { "--resume" }), output, error, terminal: error == Console.Error && !Console.IsErrorRedirected),
                "stats" => StatsCommand.Run(new Arguments(rest, new HashSet<string> { "--format", "--depth", "--network" }, new HashSet<string>()), output, error),
                "fmt" => FormatCommand.Run(new Arguments(rest, new HashSet<string>(), new HashSet<string> { "--check" }), output, error),
                "emit" => EmitCommand.Run(new Arguments(rest, EmitCommand.ValueOptions, new HashSet<string>()), output, error),
                "eval" => EvalCommand.Run(new Arguments(rest, EvalCommand.ValueOptions, new HashSet<string>()), output, error),
                "export" => ExportCommand.Run(new Arguments(rest, ExportCommand.ValueOptions, new HashSet<string> { "--no-fold-bn" }), output, error),
                "graph" => GraphCommand.Run(new Arguments(rest, new HashSet<string> { "--format", "--rankdir", "--depth", "--network", "--module", "--output" }, new HashSet<string>()), output, error),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException exception)
        {
            error.WriteLine($"incept: {exception.Message}");
            error.WriteLine(Usage);
            return ExitCodes.Usage;
        }
    }
}
