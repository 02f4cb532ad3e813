using System;

namespace Inception.Dynamic;

/// <summary>What is wrong with the network a caller asked <see cref="NetworkBuilder"/> for.</summary>
public enum NetworkChoiceProblem
{
    /// <summary>The file holds several networks and none was named.</summary>
    Unnamed,

    /// <summary>No network has the name given.</summary>
    Unknown,

    /// <summary>The class count asked for cannot be built (less than one, or a classifier not written with <c>classes</c>).</summary>
    Classes,
}

/// <summary>
/// The network asked for cannot be built as asked. A structured error: callers read <see cref="Problem"/> and a
/// message meant for people, never the text of a framework exception.
/// </summary>
public sealed class NetworkChoiceException(NetworkChoiceProblem problem, string message) : ArgumentException(message)
{
    /// <summary>Which of the choices is wrong.</summary>
    public NetworkChoiceProblem Problem { get; } = problem;
}
