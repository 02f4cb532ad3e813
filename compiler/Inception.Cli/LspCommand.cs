using System.CommandLine;
using Inception.LanguageServer.Server;

namespace Inception.Cli;

/// <summary>
/// <c>incept lsp</c>: the language server for editors (LSP 3.17 over stdin and stdout). Standard output carries
/// only JSON-RPC; the log goes to standard error and, with <c>--log</c>, to a file.
/// </summary>
internal static class LspCommand
{
    public static Command Create()
    {
        var log = new Option<FileInfo?>("--log") { Description = "Also append the server's log to FILE.", HelpName = "FILE" };
        var stdio = new Option<bool>("--stdio") { Description = "Talk over standard input and output (the default and only transport; accepted because editors pass it)." };
        var command = new Command("lsp", "Run the .incept language server on standard input and output, for editors (VS Code, Neovim, Helix, Emacs).")
        {
            log,
            stdio,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(log);
            try
            {
                using var serverLog = new ServerLog(Console.Error, file?.FullName);
                using var input = Console.OpenStandardInput();
                using var output = Console.OpenStandardOutput();
                return LanguageServerHost.RunAsync(input, output, serverLog).GetAwaiter().GetResult();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"incept lsp: cannot write the log '{file?.FullName}': {exception.Message}");
                return ExitCodes.Errors;
            }
        });
        return command;
    }
}
