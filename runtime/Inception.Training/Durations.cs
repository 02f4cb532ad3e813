using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Inception.Training;

/// <summary>Durations as people write them on a command line: <c>90s</c>, <c>10m</c>, <c>1h</c>, <c>1h30m</c>, <c>2.5m</c>.</summary>
public static partial class Durations
{
    /// <summary>Reads <paramref name="text"/>; null when it is not a positive duration in that form.</summary>
    public static TimeSpan? Parse(string text)
    {
        var match = Form().Match(text.Trim());
        if (!match.Success || match.Groups["part"].Captures.Count == 0)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        for (var i = 0; i < match.Groups["part"].Captures.Count; i++)
        {
            var value = double.Parse(match.Groups["value"].Captures[i].Value, CultureInfo.InvariantCulture);
            total += match.Groups["unit"].Captures[i].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromSeconds(value),
            };
        }

        return total > TimeSpan.Zero && total < TimeSpan.FromDays(365) ? total : null;
    }

    /// <summary>The shortest of those forms that says <paramref name="duration"/> to the second.</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)Math.Round(duration.TotalSeconds);
        var (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        var text = (h > 0 ? $"{h}h" : string.Empty) + (m > 0 ? $"{m}m" : string.Empty) + (s > 0 ? $"{s}s" : string.Empty);
        return text.Length == 0 ? "0s" : text;
    }

    [GeneratedRegex(@"^(?<part>(?<value>\d+(\.\d+)?)(?<unit>h|m|s))+$")]
    private static partial Regex Form();
}
