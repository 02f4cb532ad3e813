using System.Collections.Generic;
using System.Linq;
using System.Text;

using Inception.Compiler.Emit.Naming;

namespace Inception.Compiler.Emit.CSharp;

/// <summary>Maps .incept names to C# identifiers.</summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",

        // Undocumented, but keywords to Roslyn all the same.
        "__arglist", "__makeref", "__reftype", "__refvalue",

        // Contextual keywords: most are fine as names, but not all in every place ('public required(' reads as a
        // modifier, 'record' and 'file' cannot name a type), and '@' is legal before any identifier, so all are escaped.
        "add", "alias", "allows", "and", "args", "ascending", "assembly", "async", "await", "by", "descending",
        "dynamic", "equals", "extension", "field", "file", "from", "get", "global", "group", "init", "into", "join",
        "let", "managed", "method", "module", "nameof", "nint", "not", "notnull", "nuint", "on", "or", "orderby",
        "param", "partial", "property", "record", "remove", "required", "scoped", "select", "set", "type", "typevar",
        "unmanaged", "value", "var", "when", "where", "with", "yield",
    };

    /// <summary><c>pool_features</c> -> <c>poolFeatures</c>.</summary>
    public static string Camel(string name)
    {
        var pascal = Casing.Pascal(name);
        return pascal.Length == 0 ? name : Escape(char.ToLowerInvariant(pascal[0]) + pascal.Substring(1));
    }

    /// <summary>A field keeps its layer's exact name: TorchSharp registers modules under their field names.</summary>
    public static string Field(string name) => Escape(name);

    public static string Escape(string identifier) => Keywords.Contains(identifier) ? "@" + identifier : identifier;

    public static string Literal(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
