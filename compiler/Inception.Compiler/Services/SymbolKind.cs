namespace Inception.Compiler.Services;

/// <summary>What a name in a .incept file stands for.</summary>
public enum SymbolKind
{
    Network,
    Block,
    Parameter,

    /// <summary>A layer's or module's name (<c>branch1x1 = ...</c>): its state_dict key.</summary>
    Layer,

    /// <summary>A leaf op keyword from the op catalogue (<c>conv</c>).</summary>
    Operation,

    /// <summary>A statement keyword: <c>block</c>, <c>concat</c>, <c>aux_head</c>, <c>input</c>, ...</summary>
    Keyword,

    /// <summary>An option name (<c>stride</c> in <c>stride=2</c>).</summary>
    Option,

    /// <summary>A word value (<c>max</c>, <c>true</c>, <c>same</c>).</summary>
    Word,
}
