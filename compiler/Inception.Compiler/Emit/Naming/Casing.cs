using System.Linq;

namespace Inception.Compiler.Emit.Naming;

/// <summary>Casing rules every printer shares; each language's own escaping stays in its folder.</summary>
internal static class Casing
{
    /// <summary><c>inception_aux</c> -> <c>InceptionAux</c>.</summary>
    public static string Pascal(string name) =>
        string.Concat(name.Split('_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
}
