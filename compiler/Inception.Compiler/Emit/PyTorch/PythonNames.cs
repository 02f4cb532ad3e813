using System.Collections.Generic;
using System.Linq;

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

    /// <summary>Builtins the emitted code calls: a class or a parameter by one of these names would shadow it (<c>super().__init__()</c>).</summary>
    private static readonly HashSet<string> Builtins = new()
    {
        "super", "isinstance", "hasattr", "getattr", "len", "object", "type", "print", "range", "int", "float", "bool", "str",
        "list", "dict", "tuple", "set", "min", "max", "sum", "abs", "iter", "next", "zip", "map", "open", "input",
    };

    /// <summary>
    /// torch.nn.Module's public attributes (Debian's torch, and those later releases add): <c>self.T_destination</c>
    /// finds the class's attribute before the registered module, and assigning <c>self.training</c> a module would
    /// delete the flag. Names starting with "_" are the Module's private state (<c>_modules</c>) and are treated alike.
    /// </summary>
    private static readonly HashSet<string> ModuleAttributes = new()
    {
        "T_destination", "add_module", "apply", "bfloat16", "buffers", "call_super_init", "children", "compile", "cpu", "cuda",
        "double", "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer", "get_extra_state", "get_parameter",
        "get_submodule", "half", "ipu", "load_state_dict", "modules", "mtia", "named_buffers", "named_children", "named_modules",
        "named_parameters", "parameters", "register_backward_hook", "register_buffer", "register_forward_hook",
        "register_forward_pre_hook", "register_full_backward_hook", "register_full_backward_pre_hook",
        "register_load_state_dict_post_hook", "register_load_state_dict_pre_hook", "register_module", "register_parameter",
        "register_state_dict_post_hook", "register_state_dict_pre_hook", "requires_grad_", "set_extra_state",
        "set_submodule", "share_memory", "state_dict", "to", "to_empty", "train", "training", "type", "xpu", "zero_grad",
    };

    /// <summary>
    /// Whether <c>self.name</c> reaches the module registered as <c>name</c>. It does not for a keyword, a name
    /// Python mangles or treats as special (<c>__w</c>, <c>__class__</c>), or one with a character outside ASCII
    /// (Python normalises identifiers by NFKC: <c>ﬁ</c> would become <c>fi</c>). Those are registered in
    /// and read through <c>self._modules</c>, so the state_dict key stays the .incept name.
    /// </summary>
    public static bool IsAttribute(string name) =>
        name.Length > 0 && !Keywords.Contains(name) && !ModuleAttributes.Contains(name) && name[0] != '_' && !char.IsDigit(name[0]) && IsAscii(name);

    /// <summary>A Python identifier for a local, a parameter or a class: ASCII (others spelled by code point), not a keyword, a builtin the code calls or a dunder name.</summary>
    public static string Identifier(string name)
    {
        var ascii = IsAscii(name) ? name : string.Concat(name.Select(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_') ? c.ToString() : $"_u{(int)c:x4}"));
        if (ascii.Length == 0 || char.IsDigit(ascii[0]))
        {
            ascii = "_" + ascii;
        }

        // A leading "__" makes a name Python's own (__debug__ cannot be assigned) or mangled in a class body.
        if (ascii.StartsWith("__", System.StringComparison.Ordinal))
        {
            ascii = "n" + ascii;
        }

        return Keywords.Contains(ascii) || Builtins.Contains(ascii) ? ascii + "_" : ascii;
    }

    private static bool IsAscii(string name) => name.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_'));

    public static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
