using System.Collections.Generic;

namespace Inception.Compiler.Emit.PyTorch;

/// <summary>Maps .incept names to Python identifiers.</summary>
internal static class PythonNames
{
    private static readonly HashSet<string> Keywords = new()
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",

        // Names the emitted code itself uses.
        "torch", "nn", "F", "x", "self", "OrderedDict", "aux_outputs",
    };

    /// <summary>Whether <c>self.name</c> works; other names are registered with add_module and read with getattr.</summary>
    public static bool IsAttribute(string name) => !Keywords.Contains(name) && name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_');

    public static string Identifier(string name) => Keywords.Contains(name) ? name + "_" : name;

    public static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
