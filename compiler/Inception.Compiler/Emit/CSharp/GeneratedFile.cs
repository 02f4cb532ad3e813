using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;

namespace Inception.Compiler.Emit.CSharp;

/// <summary>One emitted C# file, named for the network it holds.</summary>
public sealed record GeneratedFile(string HintName, string ClassName, string Text);

public sealed record EmitResult(EquatableArray<GeneratedFile> Files, EquatableArray<Diagnostic> Diagnostics);
