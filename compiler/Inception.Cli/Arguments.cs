namespace Inception.Cli;

/// <summary>The words after the command name: positional values and <c>--name value</c> options.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> words, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions)
    {
        using var word = words.GetEnumerator();
        while (word.MoveNext())
        {
            var current = word.Current;
            if (!current.StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(current);
                continue;
            }

            var equals = current.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? current[..equals] : current;
            if (flagOptions.Contains(name) && equals < 0)
            {
                _flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                if (equals > 0)
                {
                    _options[name] = current[(equals + 1)..];
                }
                else if (word.MoveNext())
                {
                    _options[name] = word.Current;
                }
                else
                {
                    throw new UsageException($"option {name} needs a value");
                }
            }
            else
            {
                throw new UsageException($"unknown option {name}");
            }
        }
    }

    public List<string> Positional { get; } = new();

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public bool Flag(string name) => _flags.Contains(name);

    public int? IntOption(string name)
    {
        var text = Option(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new UsageException($"option {name} takes a non-negative integer, not '{text}'");
    }
}
