using System.Collections.Concurrent;
using Inception.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Inception.Generator;

/// <summary>One Roslyn descriptor per INCnnnn code and severity, from the compiler's <see cref="DiagnosticCatalog"/>.</summary>
internal static class Descriptors
{
    private static readonly ConcurrentDictionary<(string, bool), Microsoft.CodeAnalysis.DiagnosticDescriptor> Cache = new();

    public static Microsoft.CodeAnalysis.DiagnosticDescriptor For(string id, bool isError) =>
        Cache.GetOrAdd((id, isError), key =>
        {
            var entry = DiagnosticCatalog.For(key.Item1);
            return new Microsoft.CodeAnalysis.DiagnosticDescriptor(
                key.Item1,
                title: entry.Title,
                messageFormat: "{0}",
                category: "Inception.Dsl",
                key.Item2 ? Microsoft.CodeAnalysis.DiagnosticSeverity.Error : Microsoft.CodeAnalysis.DiagnosticSeverity.Warning,
                isEnabledByDefault: true,
                helpLinkUri: entry.HelpLink);
        });
}
