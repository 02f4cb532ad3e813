namespace Inception.Compiler.Diagnostics;

/// <summary>A diagnostic before it has a place: its code and its text, made by one of <see cref="Errors"/>' factories.</summary>
public sealed record DiagnosticMessage(string Id, string Text);
