using System.Collections.Generic;

namespace Inception.Compiler.Emit.Graph;

/// <summary>A network (or one of its modules) as nodes, nested clusters and shape-labelled edges, ready to draw.</summary>
/// <param name="Title">The network's name, or <c>Network: module</c> for one module drawn alone.</param>
public sealed record GraphModel(string Title, GraphCluster Root, IReadOnlyList<GraphEdge> Edges);
