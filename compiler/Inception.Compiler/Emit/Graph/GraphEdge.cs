namespace Inception.Compiler.Emit.Graph;

/// <summary>Data flowing from one node to another; <paramref name="Label"/> is the tensor's shape, CxHxW.</summary>
public sealed record GraphEdge(string From, string To, string Label, bool Auxiliary);
