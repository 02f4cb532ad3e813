using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Plan;
using Inception.Compiler.Semantics;
using Inception.Compiler.Syntax;
using Inception.Compiler.Text;

namespace Inception.Compiler;

/// <summary>One source file of a compilation: the main file or one it imports.</summary>
public sealed record CompiledSource(string Path, string Text);

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
        var diagnostics = new DiagnosticBag();
        var sources = new List<CompiledSource> { new(path, text) };
        try
        {
            var main = Parser.ParseFile(path, text);
            var imports = LoadImports(main, readFile ?? ReadFromDisk, diagnostics, sources);
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
            diagnostics.Error(DiagnosticIds.InternalError, new SourceLocation(path, 1, 1), $"internal compiler error: {exception.GetType().Name}: {exception.Message}");
            var empty = new BoundProgram(EquatableArray<BoundBlock>.Empty, EquatableArray<BoundNetwork>.Empty);
            return new CompilationResult(path, empty, EquatableArray<NetworkIr>.Empty, EquatableArray<ModelPlan>.Empty, sources.ToEquatableArray(), Sorted(diagnostics));
        }
    }

    public static CompilationResult CompileFile(string path) => Compile(path, File.ReadAllText(path));

    private static EquatableArray<Diagnostic> Sorted(DiagnosticBag diagnostics) =>
        diagnostics.Items
            .Distinct()
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToEquatableArray();

    private static string? ReadFromDisk(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    /// <summary>Follows imports transitively; each file is read once, so import cycles end by themselves.</summary>
    private static List<SyntaxFile> LoadImports(SyntaxFile main, Func<string, string?> readFile, DiagnosticBag diagnostics, List<CompiledSource> sources)
    {
        var loaded = new Dictionary<string, SyntaxFile>(StringComparer.Ordinal) { [Normalize(main.Path)] = main };
        var pending = new Queue<SyntaxFile>(new[] { main });
        var imports = new List<SyntaxFile>();
        while (pending.Count > 0)
        {
            var file = pending.Dequeue();
            foreach (var import in file.Declarations.OfType<ImportDeclaration>())
            {
                var directory = System.IO.Path.GetDirectoryName(file.Path) ?? string.Empty;
                var target = Normalize(System.IO.Path.Combine(directory, import.RelativePath));
                if (loaded.ContainsKey(target))
                {
                    continue;
                }

                var text = readFile(target);
                if (text is null)
                {
                    diagnostics.Error(DiagnosticIds.FileNotFound, new SourceLocation(file.Path, import.Position.Line, import.Position.Column), $"cannot find imported file '{import.RelativePath}' (looked for {target})");
                    continue;
                }

                sources.Add(new CompiledSource(target, text));
                var syntax = Parser.ParseFile(target, text);
                loaded[target] = syntax;
                imports.Add(syntax);
                pending.Enqueue(syntax);
            }
        }

        return imports;
    }

    private static string Normalize(string path) => System.IO.Path.GetFullPath(path);
}
