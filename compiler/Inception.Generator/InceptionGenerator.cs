using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Inception.Compiler;
using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.Emit.CSharp;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Inception.Generator;

/// <summary>
/// Compiles every <c>*.incept</c> AdditionalFile into TorchSharp model classes. A thin shell: the compiler
/// library does the work; this class wires it into Roslyn's incremental pipeline and turns the compiler's
/// diagnostics into Roslyn diagnostics located in the .incept file.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class InceptionGenerator : IIncrementalGenerator
{
    private const string DefaultNamespace = "Inception.Models";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var options = context.AnalyzerConfigOptionsProvider
            .Select((provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);

        // Each file is read and parsed once; the parse is equatable, so an unchanged file is not parsed again.
        var files = context.AdditionalTextsProvider
            .Where(text => text.Path.EndsWith(".incept", StringComparison.OrdinalIgnoreCase))
            .Select((text, cancellation) => Parse(Read(text, cancellation)))
            .WithTrackingName(TrackingNames.Files);

        // Imports are resolved against the other .incept inputs, never against the disk.
        var library = files.Collect()
            .Select((all, _) => all.ToEquatableArray())
            .WithTrackingName(TrackingNames.Library);

        // Each file with just the files it imports (transitively) and the networks other files claim: equal
        // to the last run's unless one of those changed, so editing one file leaves the others' outputs cached.
        var inputs = files.Combine(library)
            .Select((input, _) => Select(input.Left, input.Right))
            .WithTrackingName(TrackingNames.Closure);

        var outputs = inputs.Combine(options)
            .Select((input, cancellation) => Generate(input.Left, input.Right, cancellation))
            .WithTrackingName(TrackingNames.Generated);

        context.RegisterSourceOutput(outputs, Report);
    }

    private static SourceFile Read(AdditionalText text, CancellationToken cancellation)
    {
        try
        {
            return new SourceFile(text.Path, text.GetText(cancellation)?.ToString() ?? string.Empty);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // Reported as a located diagnostic by Generate, not as a bare CS8785.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return new SourceFile(text.Path, string.Empty, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private static ParsedFile Parse(SourceFile file)
    {
        if (file.ReadError is not null)
        {
            return new ParsedFile(file, null);
        }

        try
        {
            return new ParsedFile(file, ParsedSource.Parse(file.Path, file.Text));
        }
#pragma warning disable CA1031 // Reported as a located diagnostic by Generate, not as a bare CS8785.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return new ParsedFile(file with { ReadError = $"{exception.GetType().Name}: {exception.Message}" }, null);
        }
    }

    /// <summary>The file, the files it imports (transitively, as far as they are inputs), and the networks earlier files declare.</summary>
    internal static GenerationInput Select(ParsedFile file, EquatableArray<ParsedFile> library)
    {
        var byPath = new Dictionary<string, ParsedSource>(StringComparer.Ordinal);
        foreach (var candidate in library)
        {
            if (candidate.Parsed is { } parsed)
            {
                byPath[Path.GetFullPath(parsed.Path)] = parsed;
            }
        }

        var closure = new List<ParsedSource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<ParsedSource>();
        if (file.Parsed is { } main)
        {
            seen.Add(Path.GetFullPath(main.Path));
            pending.Enqueue(main);
        }

        while (pending.Count > 0)
        {
            foreach (var import in pending.Dequeue().Imports)
            {
                if (seen.Add(import) && byPath.TryGetValue(import, out var imported))
                {
                    closure.Add(imported);
                    pending.Enqueue(imported);
                }
            }
        }

        // A network name may be taken once per project: the file that sorts first keeps it.
        var claimed = library
            .Where(f => f.Parsed is not null && string.CompareOrdinal(f.Source.Path, file.Source.Path) < 0)
            .SelectMany(f => f.Parsed!.Networks.Select(n => new ClaimedNetwork(n, f.Source.Path)))
            .GroupBy(c => c.Name, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToEquatableArray();
        return new GenerationInput(file, closure.ToEquatableArray(), claimed);
    }

    private static GeneratorOptions ReadOptions(AnalyzerConfigOptions options)
    {
        string? Property(string name) =>
            options.TryGetValue("build_property." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        return new GeneratorOptions(
            Property("InceptionNamespace") ?? Property("RootNamespace") ?? DefaultNamespace,
            Property("MSBuildProjectDirectory") ?? string.Empty);
    }

    internal static GeneratorOutput Generate(GenerationInput input, GeneratorOptions options, CancellationToken cancellation)
    {
        var file = input.File.Source;
        try
        {
            if (file.ReadError is not null || input.File.Parsed is not { } main)
            {
                return Failure(file, "cannot read the file: " + file.ReadError);
            }

            var imports = input.Imports.ToDictionary(f => Path.GetFullPath(f.Path), f => f, StringComparer.Ordinal);
            var compilation = Inception.Compiler.Compilation.Compile(main, path => imports.TryGetValue(path, out var parsed) ? parsed : null);
            cancellation.ThrowIfCancellationRequested();
            var diagnostics = compilation.Diagnostics.ToList();
            foreach (var network in compilation.Program.Networks)
            {
                if (input.ClaimedNetworks.FirstOrDefault(c => c.Name == network.Name) is { } claimed)
                {
                    diagnostics.Add(Errors.NetworkInTwoFiles(network.Name, claimed.Path).At(network.Location));
                }
            }

            var sources = new List<GeneratedSource>();
            var prefix = Path.GetFileNameWithoutExtension(file.Path);
            string Display(string path) => DisplayPath(path, options.ProjectDirectory);
            if (!diagnostics.Any(d => d.Severity == Compiler.Diagnostics.DiagnosticSeverity.Error))
            {
                var emitted = ModelEmitter.Emit(compilation, options.Namespace, Display);
                diagnostics.AddRange(emitted.Diagnostics);
                sources.AddRange(emitted.Files.Select(f => new GeneratedSource(prefix + "." + f.HintName, f.Text)));
            }
            else
            {
                // Networks another file already claims get no placeholder: that file's class stands.
                var networks = main.Networks.Where(n => input.ClaimedNetworks.All(c => c.Name != n));
                sources.AddRange(ModelEmitter.Placeholders(networks, file.Path, options.Namespace, Display).Select(f => new GeneratedSource(prefix + "." + f.HintName, f.Text)));
            }

            var texts = compilation.Sources.ToDictionary(s => s.Path, s => s.Text, StringComparer.Ordinal);
            return new GeneratorOutput(sources.ToEquatableArray(), diagnostics.Select(d => ToInfo(d, texts)).ToEquatableArray());
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // A generator that throws gives a bare CS8785; report the failure at the file instead.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Failure(file, $"Inception.Dsl generator failed: {exception.GetType().Name}: {exception.Message}");
        }
    }

    private static GeneratorOutput Failure(SourceFile file, string message)
    {
        var info = new DiagnosticInfo(DiagnosticIds.InternalError, message, true, file.Path, 1, 1, 0);
        return new GeneratorOutput(EquatableArray<GeneratedSource>.Empty, new[] { info }.ToEquatableArray());
    }

    /// <summary>The file's path relative to the project, with forward slashes, so generated code is the same on every machine.</summary>
    private static string DisplayPath(string path, string projectDirectory)
    {
        if (projectDirectory.Length == 0)
        {
            return Path.GetFileName(path);
        }

        var from = new Uri(AppendSeparator(Path.GetFullPath(projectDirectory)));
        var relative = Uri.UnescapeDataString(from.MakeRelativeUri(new Uri(Path.GetFullPath(path))).ToString());
        return relative.Replace('\\', '/');
    }

    private static string AppendSeparator(string directory) =>
        directory.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? directory : directory + Path.DirectorySeparatorChar;

    private static DiagnosticInfo ToInfo(Compiler.Diagnostics.Diagnostic diagnostic, IReadOnlyDictionary<string, string> texts)
    {
        var location = diagnostic.Location;
        var text = texts.TryGetValue(location.Path, out var known) ? known : null;
        return new DiagnosticInfo(
            diagnostic.Id,
            diagnostic.Message,
            diagnostic.Severity == Compiler.Diagnostics.DiagnosticSeverity.Error,
            location.Path,
            location.Line,
            location.Column,
            text is null ? 0 : TokenLength(text, location.Line, location.Column),
            diagnostic.Related?.Path,
            diagnostic.Related?.Line ?? 0,
            diagnostic.Related?.Column ?? 0);
    }

    /// <summary>Underlines the word the diagnostic points at, so the IDE marks more than one character.</summary>
    private static int TokenLength(string text, int line, int column)
    {
        var offset = Offset(text, line, column);
        var end = offset;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return end - offset;
    }

    private static int Offset(string text, int line, int column)
    {
        var offset = 0;
        for (var current = 1; current < line && offset < text.Length; offset++)
        {
            if (text[offset] == '\n')
            {
                current++;
            }
        }

        return Math.Min(text.Length, offset + column - 1);
    }

    private static void Report(SourceProductionContext context, GeneratorOutput output)
    {
        foreach (var source in output.Sources)
        {
            context.AddSource(source.HintName, SourceText.From(source.Text, System.Text.Encoding.UTF8));
        }

        foreach (var info in output.Diagnostics)
        {
            var start = new LinePosition(info.Line - 1, info.Column - 1);
            var span = new LinePositionSpan(start, new LinePosition(info.Line - 1, info.Column - 1 + info.Length));
            var location = Location.Create(info.Path, new TextSpan(0, 0), span);
            var related = info.RelatedPath is null
                ? null
                : new[] { Location.Create(info.RelatedPath, new TextSpan(0, 0), new LinePositionSpan(new LinePosition(info.RelatedLine - 1, info.RelatedColumn - 1), new LinePosition(info.RelatedLine - 1, info.RelatedColumn))) };
            context.ReportDiagnostic(Microsoft.CodeAnalysis.Diagnostic.Create(Descriptors.For(info.Id, info.IsError), location, related, info.Message));
        }
    }
}
