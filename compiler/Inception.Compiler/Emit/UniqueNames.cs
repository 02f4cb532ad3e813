using System.Collections.Generic;
using System.Globalization;

namespace Inception.Compiler.Emit;

/// <summary>Claims identifiers for printed code: the candidate, or the candidate with 2, 3, ... appended.</summary>
internal static class UniqueNames
{
    public static string Claim(string candidate, ISet<string> taken)
    {
        var unique = candidate;
        for (var i = 2; !taken.Add(unique); i++)
        {
            unique = candidate + i.ToString(CultureInfo.InvariantCulture);
        }

        return unique;
    }
}
