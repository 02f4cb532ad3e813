using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace Inception.Generator;

/// <summary>One Roslyn descriptor per INCnnnn code; the compiler library owns the codes and messages.</summary>
internal static class Descriptors
{
    private static readonly ConcurrentDictionary<(string, bool), DiagnosticDescriptor> Cache = new();

    public static DiagnosticDescriptor For(string id, bool isError) =>
        Cache.GetOrAdd((id, isError), key => new DiagnosticDescriptor(
            key.Item1,
            title: "Inception.Dsl " + key.Item1,
            messageFormat: "{0}",
            category: "Inception.Dsl",
            key.Item2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: "https://github.com/inception-dsl/inception-dsl/blob/main/dsl/LANGUAGE.md#diagnostics"));
}
