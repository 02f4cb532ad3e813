using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Plan.Modules;

namespace Inception.Compiler.Plan;

/// <summary>
/// Names a layer or a network cannot take, because every target module class already has a member (or the
/// generated code a type) by that name: a layer named <c>forward</c> would hide the forward method in C# and
/// in PyTorch alike. Checked when the plan is built, so <c>incept check</c> and the build agree.
/// </summary>
public static class ReservedNames
{
    /// <summary>Members of torch modules (TorchSharp's and PyTorch's nn.Module) and of the generated network classes.</summary>
    public static readonly ISet<string> Members = new HashSet<string>(StringComparer.Ordinal)
    {
        // System.Object and IDisposable.
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "Dispose", "ReferenceEquals",

        // TorchSharp's nn.Module, nn.Module<T, TResult> and PyTorch's nn.Module.
        "forward", "call", "train", "eval", "training", "to", "cpu", "cuda", "half", "float", "double", "bfloat16", "type",
        "parameters", "named_parameters", "buffers", "named_buffers", "children", "named_children", "modules",
        "named_modules", "state_dict", "load_state_dict", "load", "save", "apply", "zero_grad", "requires_grad_",
        "register_module", "register_buffer", "register_parameter", "register_forward_hook", "register_forward_pre_hook",
        "register_backward_hook", "register_full_backward_hook", "get_submodule", "get_parameter", "get_buffer",
        "add_module", "extra_repr", "share_memory", "RegisterComponents", "GetName", "handle", "name", "_to",
        "_parameters", "_buffers", "_modules", "__init__", "__call__", "__dict__", "dump_patches", "ipu", "xpu",
        "to_empty", "get_extra_state", "set_extra_state", "_apply",
        "T_destination", "call_super_init", "compile", "mtia", "set_submodule", "register_full_backward_pre_hook",
        "register_load_state_dict_post_hook", "register_load_state_dict_pre_hook", "register_state_dict_post_hook",
        "register_state_dict_pre_hook", "_version", "_backward_hooks", "_backward_pre_hooks", "_forward_hooks",
        "_forward_hooks_always_called", "_forward_hooks_with_kwargs", "_forward_pre_hooks", "_forward_pre_hooks_with_kwargs",
        "_is_full_backward_hook", "_load_state_dict_post_hooks", "_load_state_dict_pre_hooks", "_non_persistent_buffers_set",
        "_state_dict_hooks", "_state_dict_pre_hooks", "_call_impl", "_wrapped_call_impl", "_compiled_call_impl", "_get_name",
        "_get_backward_hooks", "_get_backward_pre_hooks", "_load_from_state_dict", "_save_to_state_dict", "_named_members",
        "_replicate_for_data_parallel", "_slow_forward", "_maybe_warn_non_full_backward_hook", "_register_load_state_dict_pre_hook",
        "_register_state_dict_hook",

        // Inception.Runtime's InceptionNetwork and the members every generated network class declares.
        "AuxLogitsEnabled", "AuxiliaryOutputs", "ComputesAuxiliaryOutputs", "RecordAuxiliaryOutput", "ForwardCore",
        "ParameterCount", "AuxParameterCount", "MacCount", "InputChannels", "InputHeight", "InputWidth",
        "DeclaredClasses",

        // The attributes every emitted PyTorch network class has.
        "aux_logits", "INPUT", "INITIAL_STD",

        // What the generated C# calls through (nn.Conv2d, torch.cat): a field by that name would hide it.
        "nn", "torch", "TorchSharp",
    };

    /// <summary>Type names the generated C# refers to unqualified (every module of the catalogue among them): no generated class may take one.</summary>
    public static readonly ISet<string> Types = new HashSet<string>(
        new[] { "torch", "nn", "TorchSharp", "InceptionNetwork", "IInitialStd", "WeightInit", "AuxiliaryOutput", "Tensor", "Sequential", "Module" }
            .Concat(ModuleCatalog.All.Select(m => m.Name)),
        StringComparer.Ordinal);

    /// <summary>Namespaces a network class, which sits in the user's namespace, would hide.</summary>
    public static readonly ISet<string> Namespaces = new HashSet<string>(StringComparer.Ordinal) { "Inception", "System" };

    /// <summary>The top-level names of an emitted PyTorch file: no class of it may take one.</summary>
    public static readonly ISet<string> PythonGlobals = new HashSet<string>(
        new[] { "torch", "nn", "F", "OrderedDict", "initialize" }.Concat(ModuleCatalog.All.Where(m => m.PyTorchClass is not null).Select(m => m.Name)),
        StringComparer.Ordinal);

    /// <summary>Whether a network cannot take this name: it would hide a type, a namespace or a PyTorch global.</summary>
    public static bool IsReservedNetwork(string name) => Types.Contains(name) || Namespaces.Contains(name) || PythonGlobals.Contains(name);

    /// <summary>Whether a layer of this name would clash: a reserved member, or a loss-weight constant's name.</summary>
    public static bool IsReservedMember(string name) =>
        Members.Contains(name) || name.EndsWith("LossWeight", StringComparison.Ordinal) || IsDunder(name);

    /// <summary>Python's special names (<c>__class__</c>, <c>__dict__</c>): every object has some, and torch registers no module under an existing attribute.</summary>
    private static bool IsDunder(string name) => name.Length > 4 && name.StartsWith("__", StringComparison.Ordinal) && name.EndsWith("__", StringComparison.Ordinal);
}
