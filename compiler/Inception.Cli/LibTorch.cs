using Inception.Runtime;
using Inception.Runtime.Convolutions;

namespace Inception.Cli;

/// <summary>
/// Whether this build carries libtorch. The small tool package (Inception.Dsl.Tool, built with
/// InceptBundleLibTorch=false) leaves it out, so train, eval and export say what to install instead. Decided
/// at build time and before any TorchSharp call: TorchSharp's own fallback, when libtorch is missing, copies
/// 600 MB from the NuGet cache into the tool's folder and then fails with a page of trace.
/// </summary>
internal static class LibTorch
{
    public static bool Available(string command, TextWriter error)
    {
#if !INCEPT_NO_LIBTORCH
        return true;
#else
        error.WriteLine(
            $"incept: {command} needs libtorch's native libraries, which the package Inception.Dsl.Tool leaves out to stay small; " +
            "install Inception.Dsl.Tool.Full instead (dotnet tool uninstall Inception.Dsl.Tool && dotnet tool install Inception.Dsl.Tool.Full)");
        return false;
#endif
    }

    /// <summary>
    /// Runs the runtime's convolution self-check before the command's first convolution and says what it chose: on
    /// <paramref name="log"/> always for train (its first lines), otherwise only when it had to turn the faster
    /// engine down. Null to go on; otherwise the exit code to end with: a rerun's (see below), or
    /// <see cref="ExitCodes.Errors"/> after one line on <paramref name="error"/> when no engine is right.
    /// </summary>
    /// <remarks>
    /// Training on libtorch's native convolutions is about four times slower than on oneDNN, even oneDNN at SSE4.1
    /// (docs/runtime.md). When train finds oneDNN wrong, oneDNN at a lower instruction set may be right, but oneDNN
    /// fixes its instruction set at its first convolution: so the command runs again, as a new process with the next
    /// lower cap, whose own self-check decides. Not when the user forced an engine, nor in a host that runs the
    /// command in process.
    /// </remarks>
    public static int? VerifyConvolutions(TextWriter log, TextWriter error, bool train)
    {
        ConvolutionCheckReport? report = null;
        string? failure = null;
        try
        {
            report = ConvolutionSelfCheck.EnsureVerified();
            if (train || !report.Verified || report.Rejected.Count > 0)
            {
                log.WriteLine(report);
            }
        }
        catch (InvalidOperationException exception)
        {
            failure = exception.Message;
        }

        var wrong = report is null || (report.Engine == ConvolutionEngine.Native && report.Rejected.Count > 0);
        if (train && wrong && !ConvolutionSelfCheck.IsForced && OneDnn.LowerInstructionSet(OneDnn.Current) is { } lower
            && System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == "incept")
        {
            if (failure is not null)
            {
                log.WriteLine(failure);
            }

            log.WriteLine($"convolutions: running again with {OneDnn.Variable}={lower}: oneDNN trains about four times faster than native convolutions where it is right");
            return RunAgain(lower);
        }

        if (failure is not null)
        {
            error.WriteLine($"incept: {failure}");
            return ExitCodes.Errors;
        }

        return null;
    }

    private static int RunAgain(string instructionSet)
    {
        Console.Out.Flush();
        var arguments = Environment.GetCommandLineArgs();
        var start = new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };

        // Under `dotnet incept.dll` the host needs the assembly; an apphost is the command itself.
        var hosted = string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.OrdinalIgnoreCase);
        foreach (var argument in hosted ? arguments : arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[OneDnn.Variable] = instructionSet;
        using var rerun = System.Diagnostics.Process.Start(start)!;

        // The rerun shares the terminal's process group, so Ctrl-C reaches it directly; a signal sent to this
        // process alone (kill, a scheduler's SIGTERM) is passed on, and the rerun saves its checkpoint and ends.
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, context => Forward(context, rerun));
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context => Forward(context, rerun));
        rerun.WaitForExit();
        return rerun.ExitCode;
    }

    private static void Forward(System.Runtime.InteropServices.PosixSignalContext context, System.Diagnostics.Process rerun)
    {
        context.Cancel = true;
        _ = Kill(rerun.Id, context.Signal == System.Runtime.InteropServices.PosixSignal.SIGINT ? 2 : 15);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
