using System;
using System.Collections.Generic;
using System.Linq;

namespace Inception.Compiler.Text;

/// <summary>"Did you mean": the known word nearest to a misspelt one, for the CLI's usage errors and the editor's quick fixes alike.</summary>
public static class Spelling
{
    /// <summary>The candidate within <paramref name="maxEdits"/> edits of <paramref name="word"/>, the nearest first (ties in the candidates' order); null when none is.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates, int maxEdits = 2) =>
        candidates
            .Where(c => c != word)
            .Select(c => (Candidate: c, Distance: Distance(word, c)))
            .Where(c => c.Distance <= maxEdits)
            .OrderBy(c => c.Distance)
            .Select(c => c.Candidate)
            .FirstOrDefault();

    /// <summary>Edit distance where an adjacent swap counts as one edit (optimal string alignment), as typos usually are.</summary>
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
