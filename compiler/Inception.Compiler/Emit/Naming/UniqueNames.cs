using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.Plan;

namespace Inception.Compiler.Emit.Naming;

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

    /// <summary>
    /// The class name a printer would like for a planned class: the block's name in PascalCase (an inline
    /// head's plus "Head"); for a further variant of a block whose name is taken, the values that make it one
    /// (<c>Block8Scale1ActFalse</c>).
    /// </summary>
    public static string PreferredClassName(ClassPlan block, ICollection<string> taken)
    {
        var preferred = Casing.Pascal(block.Name) + (block.Kind == ClassKind.InlineHead ? "Head" : string.Empty);
        if (preferred.Length == 0)
        {
            return "Block";
        }

        return taken.Contains(preferred) && block.Variant.Length > 0
            ? preferred + Casing.Pascal(new string(block.Variant.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()))
            : preferred;
    }
}
