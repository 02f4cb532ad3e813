namespace Inception.Compiler.Emit.Graph;

/// <summary>A node or a cluster: what a cluster holds, kept in source order so that branches are drawn in it.</summary>
public abstract record GraphElement(string Id);
