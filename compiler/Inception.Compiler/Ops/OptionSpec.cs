using System.Collections.Generic;

namespace Inception.Compiler.Ops;

/// <summary>
/// One <c>name=value</c> option of an op, as a user reads it: its default in the language's words, a one-line
/// explanation and, for an option that takes one of a few words, those words. Editors show these in hover and
/// completion, so a new op documents itself by declaring them.
/// </summary>
public sealed record OptionSpec(string Name, string Default, string Summary, IReadOnlyList<string>? Values = null)
{
    public static readonly IReadOnlyList<string> Booleans = new[] { "true", "false" };

    public static OptionSpec Bool(string name, string @default, string summary) => new(name, @default, summary, Booleans);

    public static readonly OptionSpec Stride = new("stride", "1", "step of the window: an integer or HxW");
    public static readonly OptionSpec Padding = new("pad", "0", "zero padding: an integer, HxW, same (keep the grid) or valid (none)", new[] { "same", "valid" });
    public static readonly OptionSpec InitStd = new("init_std", "the framework's initialization", "stddev of the truncated-normal initial weights");
    public static readonly OptionSpec Epsilon = new("eps", "1e-5", "batch norm's epsilon (torchvision's BasicConv2d uses 0.001)");
}
