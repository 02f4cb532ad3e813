using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Inception.Compiler.Collections;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IO;
using Inception.Compiler.IR;
using Inception.Compiler.Plan;
using Inception.Compiler.Semantics;
using Inception.Compiler.Syntax;

namespace Inception.Compiler;

/// <summary>One source file of a compilation: the main file or one it imports.</summary>
public sealed record CompiledSource(string Path, string Text);

/// <summary>A file parsed once: its text and syntax, and the full paths of the files it imports. Equatable, so the generator can cache it.</summary>
public sealed record ParsedSource(string Path, string Text, SyntaxFile Syntax)
{
    public static ParsedSource Parse(string path, string text) => new(path, text, Parser.ParseFile(path, text));

    public IEnumerable<string> Imports =>
        Syntax.Declarations.OfType<ImportDeclaration>().Select(i => Compilation.ImportPath(Path, i.RelativePath));

    public IEnumerable<string> Networks => Syntax.Declarations.OfType<NetworkDeclaration>().Select(n => n.Name.Text);
}

/// <summary>
/// The result of compiling one .incept file: its bound program, the IR and module plan of each network, the
/// texts of the files it read, and every diagnostic.
/// </summary>
public sealed record CompilationResult(
    string Path,
    BoundProgram Program,
    EquatableArray<NetworkIr> Networks,
    EquatableArray<ModelPlan> Plans,
    EquatableArray<CompiledSource> Sources,
    EquatableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// One of the file's networks instantiated for another class count (timm's <c>num_classes</c>): the compile's
    /// IR and plan phases again from its bound program, so every width written with <c>classes</c> and every count
    /// follow. Null, with the diagnostics, where that count does not fit.
    /// </summary>
    public (NetworkIr Network, ModelPlan Plan)? WithClasses(string network, int classes, DiagnosticBag diagnostics)
    {
        var bound = Program.Networks.First(n => n.Name == network) with { Classes = classes };
        return IrBuilder.Build(Program, bound, diagnostics) is { } ir && PlanBuilder.Build(ir, diagnostics) is { } plan ? (ir, plan) : null;
    }
}

/// <summary>
/// The compiler's front door: Syntax -> Semantics -> IR (with shape and cost analysis) -> module plan. Never throws for bad
/// input; an unexpected failure becomes an INC0999 diagnostic so callers (the CLI, the generator) stay up.
/// </summary>
public static class Compilation
{
    /// <param name="readFile">Reads an imported file by full path, or returns null when it does not exist.</param>
    public static CompilationResult Compile(string path, string text, Func<string, string?>? readFile = null)
    {
        var read = readFile ?? ReadFromDisk;
        return Compile(() => ParsedSource.Parse(path, text), target => read(target) is { } imported ? ParsedSource.Parse(target, imported) : null, path, text);
    }

    /// <summary>Compiles a file already parsed; <paramref name="resolve"/> gives an imported file, parsed, by full path (null when missing).</summary>
    public static CompilationResult Compile(ParsedSource main, Func<string, ParsedSource?> resolve) =>
        Compile(() => main, resolve, main.Path, main.Text);

    /// <summary>The full path an import names, relative to the importing file.</summary>
    public static string ImportPath(string importingFile, string relativePath) =>
        Normalize(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(importingFile) ?? string.Empty, relativePath));

    private static CompilationResult Compile(Func<ParsedSource> parseMain, Func<string, ParsedSource?> resolve, string path, string text)
    {
        var diagnostics = new DiagnosticBag();
        var sources = new List<CompiledSource> { new(path, text) };
        try
        {
            var main = parseMain().Syntax;
            var imports = LoadImports(main, resolve, diagnostics, sources);
            var program = Binder.Bind(main, imports, diagnostics);
            var networks = new List<NetworkIr>();
            var plans = new List<ModelPlan>();
            foreach (var network in program.Networks)
            {
                // Bound-tree errors can leave dangling references; shape analysis would only echo them.
                if (diagnostics.HasErrors)
                {
                    break;
                }

                var ir = IrBuilder.Build(program, network, diagnostics);
                if (ir is null)
                {
                    continue;
                }

                networks.Add(ir);
                if (PlanBuilder.Build(ir, diagnostics) is { } plan)
                {
                    plans.Add(plan);
                }
            }

            return new CompilationResult(path, program, networks.ToEquatableArray(), plans.ToEquatableArray(), sources.ToEquatableArray(), Sorted(diagnostics));
        }
#pragma warning disable CA1031 // The compiler must report, never crash, whatever goes wrong inside it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            diagnostics.Report(new SourceLocation(path, 1, 1), Errors.InternalError(exception.GetType().Name, exception.Message));
            var empty = new BoundProgram(EquatableArray<BoundBlock>.Empty, EquatableArray<BoundNetwork>.Empty);
            return new CompilationResult(path, empty, EquatableArray<NetworkIr>.Empty, EquatableArray<ModelPlan>.Empty, sources.ToEquatableArray(), Sorted(diagnostics));
        }
    }

    public static CompilationResult CompileFile(string path) => Compile(path, ReadSource(path));

    private static EquatableArray<Diagnostic> Sorted(DiagnosticBag diagnostics) =>
        diagnostics.Items
            .Distinct()
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToEquatableArray();

    /// <summary>The largest .incept file the compiler reads: far above any real network, far below what exhausts memory.</summary>
    public const int MaxSourceBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Reads a source file, refusing one larger than <see cref="MaxSourceBytes"/>, and a named pipe, a device or a
    /// socket (which would block or never end), with an <see cref="InvalidDataException"/>.
    /// </summary>
    public static string ReadSource(string path)
    {
        // Before opening: opening a FIFO blocks until something writes to it.
        if (IO.SpecialFiles.Describe(path) is { } special)
        {
            throw new InvalidDataException($"'{path}' is {special}, not a regular file");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
        using var reader = new StreamReader(stream);
        var text = new System.Text.StringBuilder();
        var buffer = new char[81920];
        int count;
        while ((count = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, count);
            if (text.Length > MaxSourceBytes)
            {
                throw new InvalidDataException($"'{path}' is larger than {MaxSourceBytes / (1024 * 1024)} MB, too large for a .incept file");
            }
        }

        return text.ToString();
    }

    private static string? ReadFromDisk(string path) => File.Exists(path) ? ReadSource(path) : null;

    /// <summary>Follows imports transitively; each file is read once, so import cycles end by themselves.</summary>
    private static List<SyntaxFile> LoadImports(SyntaxFile main, Func<string, ParsedSource?> resolve, DiagnosticBag diagnostics, List<CompiledSource> sources)
    {
        var loaded = new Dictionary<string, SyntaxFile>(StringComparer.Ordinal) { [Normalize(main.Path)] = main };
        var pending = new Queue<SyntaxFile>(new[] { main });
        var imports = new List<SyntaxFile>();
        while (pending.Count > 0)
        {
            var file = pending.Dequeue();
            foreach (var import in file.Declarations.OfType<ImportDeclaration>())
            {
                var target = ImportPath(file.Path, import.RelativePath);
                if (loaded.ContainsKey(target))
                {
                    continue;
                }

                ParsedSource? parsed;
                try
                {
                    parsed = resolve(target);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    diagnostics.Report(new SourceLocation(file.Path, import.Position.Line, import.Position.Column), Errors.ImportUnreadable(import.RelativePath, exception.Message));
                    continue;
                }

                if (parsed is null)
                {
                    diagnostics.Report(new SourceLocation(file.Path, import.Position.Line, import.Position.Column), Errors.ImportNotFound(import.RelativePath, target));
                    continue;
                }

                sources.Add(new CompiledSource(target, parsed.Text));
                var syntax = parsed.Syntax;
                loaded[target] = syntax;
                imports.Add(syntax);
                pending.Enqueue(syntax);
            }
        }

        return imports;
    }

    private static string Normalize(string path) => System.IO.Path.GetFullPath(path);
}
