namespace Inception.Cli;

/// <summary>Thrown for a malformed command line; reported with the usage text and exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
