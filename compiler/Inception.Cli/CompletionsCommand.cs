using System.CommandLine;

namespace Inception.Cli;

/// <summary>
/// <c>incept completions bash|zsh|pwsh</c>: a script that makes the shell ask incept itself (System.CommandLine's
/// <c>[suggest]</c> directive) for completions, so commands, options and their values complete as they parse.
/// </summary>
internal static class CompletionsCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or pwsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        var command = new Command("completions", "Print a tab-completion script for the shell; e.g. add 'source <(incept completions bash)' to ~/.bashrc.")
        {
            shell,
        };
        return command.WithAction((parse, output, _) =>
        {
            output.Write(parse.GetValue(shell) switch
            {
                "pwsh" => PowerShell,
                "zsh" => "autoload -U +X bashcompinit && bashcompinit\n" + Bash,
                _ => Bash,
            });
            return ExitCodes.Success;
        });
    }

    // The line up to the cursor, without the program name, and the cursor's position in it.
    private const string Bash = """
        _incept_complete() {
            local line="${COMP_LINE:0:COMP_POINT}"
            line="${line#*incept}"
            line="${line# }"
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(incept "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _incept_complete incept

        """;

    private const string PowerShell = """
        Register-ArgumentCompleter -Native -CommandName incept -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $line = $commandAst.ToString().Substring(0, [Math]::Min($cursorPosition - $commandAst.Extent.StartOffset, $commandAst.ToString().Length))
            $line = ($line -replace '^\S*incept\S*\s?', '')
            incept "[suggest:$($line.Length)]" "$line" | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
