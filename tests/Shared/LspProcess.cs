using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Inception.Tests.Shared;

/// <summary>
/// The real <c>incept lsp</c> process, spoken to byte by byte as an editor does: frames written to its stdin,
/// everything on its stdout parsed as frames (anything else there is kept in <see cref="NotJsonRpc"/>), stderr kept.
/// Linked into the language-server tests and the benchmarks, whose output folders both hold incept.dll.
/// </summary>
internal sealed class LspProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<JsonObject> _messages = new();
    private readonly StringBuilder _stderr = new();
    private readonly Thread _reader;
    private int _nextId;

    public LspProcess(string arguments = "")
    {
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "incept.dll")}\" lsp {arguments}")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _reader = new Thread(ReadFrames) { IsBackground = true };
        _reader.Start();
    }

    /// <summary>The process's working set now, in MiB.</summary>
    public double WorkingSetMegabytes()
    {
        _process.Refresh();
        return _process.WorkingSet64 / (1024.0 * 1024.0);
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Whatever stdout held that was not a well-formed frame (it must stay empty).</summary>
    public string NotJsonRpc { get; private set; } = string.Empty;

    public void SendRaw(byte[] bytes)
    {
        _process.StandardInput.BaseStream.Write(bytes);
        _process.StandardInput.BaseStream.Flush();
    }

    public void Send(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        SendRaw(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n").Concat(body).ToArray());
    }

    public JsonObject Request(string method, JsonNode? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return Next(m => (int?)m["id"] == id);
    }

    public void Notify(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public JsonObject Initialize(int? processId = null) =>
        Request("initialize", new JsonObject { ["processId"] = processId, ["capabilities"] = new JsonObject() });

    /// <summary>The next message that satisfies <paramref name="accept"/>; those before it are dropped.</summary>
    public JsonObject Next(Func<JsonObject, bool> accept, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (_messages.TryTake(out var message, deadline - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero))
        {
            if (accept(message))
            {
                return message;
            }
        }

        throw new TimeoutException($"no such message within {timeoutSeconds} s; stderr:\n{StandardError}");
    }

    public int WaitForExit(int timeoutSeconds = 30)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            throw new TimeoutException("incept lsp did not exit; stderr:\n" + StandardError);
        }

        // Without a timeout, WaitForExit also waits for the redirected stderr to be read to its end.
        _process.WaitForExit();
        _reader.Join(TimeSpan.FromSeconds(5));
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void ReadFrames()
    {
        var stream = _process.StandardOutput.BaseStream;
        try
        {
            while (true)
            {
                var length = -1;
                string? line;
                while ((line = ReadLine(stream)) is not null && line.Length > 0)
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else if (!line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
                    {
                        NotJsonRpc += line + "\n";
                    }
                }

                if (line is null)
                {
                    return;
                }

                var body = new byte[length];
                stream.ReadExactly(body);
                _messages.Add(JsonNode.Parse(body)!.AsObject());
            }
        }
        catch (IOException)
        {
        }
        finally
        {
            _messages.CompleteAdding();
        }
    }

    private static string? ReadLine(Stream stream)
    {
        var bytes = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b == '\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
            }

            bytes.Add((byte)b);
        }

        return bytes.Count == 0 ? null : Encoding.ASCII.GetString(bytes.ToArray());
    }
}
