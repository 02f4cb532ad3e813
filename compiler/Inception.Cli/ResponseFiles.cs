using System.Text;

namespace Inception.Cli;

/// <summary>
/// Expands <c>@FILE</c> arguments before parsing, with the limits the library's own expansion lacks: a response
/// file that includes itself (directly or through others), one nested deeper than <see cref="MaxDepth"/>, a
/// folder, a device or a file over <see cref="MaxBytes"/> (<c>@/dev/zero</c>) is a usage error, not a hang.
/// Each line holds arguments separated by spaces, double quotes group words, and a line starting with '#' is a
/// comment, as in System.CommandLine's own format.
/// </summary>
internal static class ResponseFiles
{
    public const int MaxDepth = 8;

    public const int MaxBytes = 1 << 20;

    /// <summary>The arguments with every response file replaced by its arguments; null after writing the reason to <paramref name="error"/>.</summary>
    public static string[]? Expand(string[] args, TextWriter error)
    {
        var result = new List<string>();
        try
        {
            Expand(args, result, new List<string>());
            return result.ToArray();
        }
        catch (ResponseFileException exception)
        {
            error.WriteLine($"incept: {exception.Message}");
            error.WriteLine("Run 'incept --help' for usage.");
            return null;
        }
    }

    private static void Expand(IEnumerable<string> args, List<string> result, List<string> including)
    {
        foreach (var arg in args)
        {
            if (arg.Length < 2 || arg[0] != '@')
            {
                result.Add(arg);
                continue;
            }

            var path = arg.Substring(1);
            var full = Path.GetFullPath(path);
            if (including.Contains(full, StringComparer.Ordinal))
            {
                throw new ResponseFileException($"response file '{path}' includes itself ({string.Join(" -> ", including.Append(full))})");
            }

            if (including.Count >= MaxDepth)
            {
                throw new ResponseFileException($"response files nest deeper than {MaxDepth} levels at '{path}'");
            }

            including.Add(full);
            Expand(Tokens(Read(path)), result, including);
            including.RemoveAt(including.Count - 1);
        }
    }

    private static string Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ResponseFileException($"'@{path}' names a folder, not a response file");
        }

        if (!File.Exists(path))
        {
            throw new ResponseFileException($"response file '{path}' not found");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan);
            var buffer = new byte[MaxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            if (length > MaxBytes)
            {
                throw new ResponseFileException($"response file '{path}' is larger than {MaxBytes / (1 << 20)} MB");
            }

            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            throw new ResponseFileException($"cannot read response file '{path}': {exception.Message}");
        }
    }

    private static IEnumerable<string> Tokens(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var token = new StringBuilder();
            var quoted = false;
            var any = false;
            foreach (var c in line)
            {
                if (c == '"')
                {
                    quoted = !quoted;
                    any = true;
                }
                else if (char.IsWhiteSpace(c) && !quoted)
                {
                    if (any)
                    {
                        yield return token.ToString();
                        token.Clear();
                        any = false;
                    }
                }
                else
                {
                    token.Append(c);
                    any = true;
                }
            }

            if (any)
            {
                yield return token.ToString();
            }
        }
    }

    private sealed class ResponseFileException(string message) : Exception(message);
}
