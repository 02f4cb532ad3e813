using System;
using System.IO;

namespace Inception.LanguageServer.Server;

/// <summary>The server's log: standard error (stdout carries only JSON-RPC) and, when asked, a file.</summary>
public sealed class ServerLog : IDisposable
{
    private readonly object _gate = new();
    private readonly TextWriter _error;
    private readonly StreamWriter? _file;

    public ServerLog(TextWriter error, string? file)
    {
        _error = error;
        _file = file is null ? null : new StreamWriter(new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public void Write(string message)
    {
        var line = $"[{DateTime.UtcNow:HH:mm:ss.fff}] {message}";
        lock (_gate)
        {
            _error.WriteLine(line);
            _file?.WriteLine(line);
        }
    }

    public void Dispose() => _file?.Dispose();
}
