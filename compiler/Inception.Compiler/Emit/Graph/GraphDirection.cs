namespace Inception.Compiler.Emit.Graph;

/// <summary>Which way the data flows in a drawn graph.</summary>
public enum GraphDirection
{
    TopToBottom,
    LeftToRight,
}
