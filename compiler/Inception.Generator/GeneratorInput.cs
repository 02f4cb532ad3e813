using Inception.Compiler;
using Inception.Compiler.Collections;

namespace Inception.Generator;

/// <summary>One .incept file's path and text (or why it could not be read); equatable so unchanged files are cached.</summary>
internal sealed record SourceFile(string Path, string Text, string? ReadError = null);

/// <summary>A file and its parse (null when it could not be read or parsed).</summary>
internal sealed record ParsedFile(SourceFile Source, ParsedSource? Parsed);

/// <summary>A network name that a file sorting earlier in the project already declares.</summary>
internal sealed record ClaimedNetwork(string Name, string Path);

/// <summary>What generating one file needs: the file, the parsed files it imports, and the network names taken before it.</summary>
internal sealed record GenerationInput(ParsedFile File, EquatableArray<ParsedSource> Imports, EquatableArray<ClaimedNetwork> ClaimedNetworks);

/// <summary>The build properties the generator reads.</summary>
internal sealed record GeneratorOptions(string Namespace, string ProjectDirectory);

/// <summary>A diagnostic as plain values: Roslyn's Diagnostic and Location must not be cached in the pipeline.</summary>
/// <param name="RelatedPath">A second place the message concerns (the '{' a missing '}' leaves open), or null.</param>
internal sealed record DiagnosticInfo(string Id, string Message, bool IsError, string Path, int Line, int Column, int Length, string? RelatedPath = null, int RelatedLine = 0, int RelatedColumn = 0);

/// <summary>What one file contributes: generated sources and diagnostics.</summary>
internal sealed record GeneratorOutput(EquatableArray<GeneratedSource> Sources, EquatableArray<DiagnosticInfo> Diagnostics);

internal sealed record GeneratedSource(string HintName, string Text);
