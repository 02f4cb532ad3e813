using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.Syntax;

namespace Inception.Compiler.Services;

/// <summary>
/// One file compiled once and indexed for questions about places in it: its syntax index, the compilation (with
/// the files it imports) and the IR by source place. The host gives file contents through
/// <paramref name="readFile"/>, so an editor's open buffers win over the disk and the compiler touches no files.
/// </summary>
public sealed class DocumentAnalysis
{
    private readonly Dictionary<string, SyntaxIndex> _indexes = new(StringComparer.Ordinal);
    private readonly ParsedSource _main;
    private readonly Lazy<SyntaxIndex> _syntax;
    private readonly Lazy<InstanceIndex> _instances;

    private DocumentAnalysis(ParsedSource main, CompilationResult compilation, IReadOnlyDictionary<string, ParsedSource> imports)
    {
        // The indexes are built on the first question: publishing diagnostics after an edit needs neither.
        _main = main;
        Compilation = compilation;
        Imports = imports;
        _syntax = new Lazy<SyntaxIndex>(() => SyntaxIndex.Build(main));
        _instances = new Lazy<InstanceIndex>(() => new InstanceIndex(compilation.Networks));
    }

    public string Path => _main.Path;

    public string Text => _main.Text;

    public SyntaxIndex Syntax => _syntax.Value;

    public CompilationResult Compilation { get; }

    public InstanceIndex Instances => _instances.Value;

    /// <summary>The files this one imports, directly or not, parsed, by full path.</summary>
    public IReadOnlyDictionary<string, ParsedSource> Imports { get; }

    /// <summary>Every file the compilation read: this one and its imports.</summary>
    public IEnumerable<string> Dependencies => Compilation.Sources.Select(s => s.Path);

    public IEnumerable<Diagnostic> Diagnostics => Compilation.Diagnostics;

    /// <param name="readFile">The text of a file by full path, or null when there is none; may throw an IOException.</param>
    public static DocumentAnalysis Create(string path, string text, Func<string, string?> readFile)
    {
        var main = ParsedSource.Parse(path, text);
        var imports = new Dictionary<string, ParsedSource>(StringComparer.Ordinal);
        var compilation = Inception.Compiler.Compilation.Compile(main, target =>
        {
            var imported = readFile(target) is { } content ? ParsedSource.Parse(target, content) : null;
            if (imported is not null)
            {
                imports[target] = imported;
            }

            return imported;
        });
        return new DocumentAnalysis(main, compilation, imports);
    }

    /// <summary>The syntax index of this file or of one it imports; null for any other file.</summary>
    public SyntaxIndex? SyntaxOf(string path)
    {
        if (path == Path)
        {
            return Syntax;
        }

        lock (_indexes)
        {
            if (!_indexes.TryGetValue(path, out var index) && Imports.TryGetValue(path, out var parsed))
            {
                index = SyntaxIndex.Build(parsed);
                _indexes[path] = index;
            }

            return index;
        }
    }

    /// <summary>Where a block is declared, in this file or an import: the file's index and the declaration.</summary>
    public (SyntaxIndex File, BlockDeclaration Block)? FindBlock(string name)
    {
        if (Syntax.Block(name) is { } local)
        {
            return (Syntax, local);
        }

        foreach (var path in Imports.Keys)
        {
            if (SyntaxOf(path) is { } index && index.Block(name) is { } block)
            {
                return (index, block);
            }
        }

        return null;
    }

    /// <summary>What the statement at this place of <paramref name="path"/> became, instance by instance.</summary>
    public IReadOnlyList<LayerInstance> InstancesAt(string path, Position position) =>
        Instances.At(new SourceLocation(path, position.Line, position.Column));
}
