using Inception.Dynamic;
using Inception.Onnx;
using Inception.Runtime;
using Inception.Runtime.Weights;

namespace Inception.Cli;

/// <summary>
/// <c>incept export FILE --weights W --output model.onnx</c>: the network's inference path as an ONNX file,
/// written from .NET, with the weights of W (loaded by name and checked key by key) as its initializers.
/// </summary>
internal static class ExportCommand
{
    public static readonly IReadOnlySet<string> ValueOptions = new HashSet<string> { "--weights", "--output", "--format", "--network" };

    public static int Run(Arguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positional.Count != 1)
        {
            throw new UsageException("export needs one .incept file");
        }

        if (arguments.Option("--format") is { } format && format != "onnx")
        {
            throw new UsageException($"unknown format '{format}'; export writes onnx");
        }

        var target = arguments.Option("--output") ?? throw new UsageException("export needs --output FILE.onnx");
        var weights = arguments.Option("--weights");
        var compilation = SourceFiles.Compile(arguments.Positional[0], error);
        if (compilation is null || compilation.HasErrors)
        {
            return ExitCodes.Errors;
        }

        try
        {
            using var network = NetworkBuilder.Build(compilation, arguments.Option("--network"), auxLogits: true);
            if (weights is not null)
            {
                WeightFiles.Load(network, weights);
            }
            else
            {
                error.WriteLine("incept: no --weights given; exporting the freshly initialised network");
            }

            var options = new OnnxExportOptions(FoldBatchNorm: !arguments.Flag("--no-fold-bn"), SourcePath: arguments.Positional[0]);
            OnnxExport.Save(network, network.Plan, target, options);
            output.WriteLine($"wrote {target}: {network.Plan.Name}, opset {OnnxExportOptions.Opset}, input N x {network.Plan.Input.Channels} x {network.Plan.Input.Height} x {network.Plan.Input.Width}, batch norms {(options.FoldBatchNorm ? "folded" : "kept")}");
            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is WeightMismatchException or NotSupportedException or InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"incept: {exception.Message}");
            return ExitCodes.Errors;
        }
    }
}
