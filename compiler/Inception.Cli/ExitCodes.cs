namespace Inception.Cli;

/// <summary>Exit codes shared by every command, following diff(1): 0 clean, 1 findings, 2 trouble.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Errors = 1;
    public const int Usage = 2;

    /// <summary>sysexits.h's EX_SOFTWARE: an exception incept did not expect, reported in one line.</summary>
    public const int InternalError = 70;
}
