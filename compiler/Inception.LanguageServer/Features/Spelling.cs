using System;
using System.Collections.Generic;
using System.Linq;

namespace Inception.LanguageServer.Features;

/// <summary>The closest known word to a misspelt one, by edit distance, when it is close enough to be a typo.</summary>
public static class Spelling
{
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        var best = candidates
            .Where(c => c != word)
            .Select(c => (Candidate: c, Distance: Distance(word, c)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Candidate is not null && best.Distance <= Math.Max(1, Math.Min(3, word.Length / 3)) ? best.Candidate : null;
    }

    /// <summary>Damerau-Levenshtein (optimal string alignment): an adjacent swap is one edit.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
