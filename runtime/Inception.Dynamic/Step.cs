using System.Collections.Generic;

namespace Inception.Dynamic;

/// <summary>One instruction of a module's forward, the run-time counterpart of a line of generated forward code.</summary>
internal abstract record Step;

/// <summary>Calls a child module; <paramref name="Flatten"/> for linear layers, <paramref name="Relu"/> for convs and linears without batch norm modules of their own.</summary>
internal sealed record CallStep(string Module, bool Flatten = false, bool Relu = false, string? ThenModule = null) : Step;

/// <summary>Runs each branch on the same input and concatenates the results along channels.</summary>
internal sealed record ConcatStep(IReadOnlyList<IReadOnlyList<Step>> Branches) : Step;

/// <summary>Feeds an auxiliary head and records its logits; the main path goes on with the same tensor.</summary>
internal sealed record AuxStep(string Module, double LossWeight) : Step;
