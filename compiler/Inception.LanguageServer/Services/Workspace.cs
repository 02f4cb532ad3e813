using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Inception.Compiler;
using Inception.Compiler.Services;
using Inception.LanguageServer.Features;

namespace Inception.LanguageServer.Services;

/// <summary>An open buffer: its text and the version the client gave it.</summary>
public sealed record OpenDocument(string Uri, string Path, string Text, int Version);

/// <summary>
/// The documents the editor has open and the files on disk: an open buffer wins over its file. Each analysis is
/// kept until the text of a file it read changes (an edit, a close, or a watched file changed on disk), so
/// requests between edits reuse it. Thread-safe: requests and publishing run concurrently.
/// </summary>
public sealed class Workspace
{
    private readonly object _gate = new();
    private readonly Dictionary<string, OpenDocument> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _diskGeneration = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DocumentAnalysis Analysis, Dictionary<string, string> Stamps)> _analyses = new(StringComparer.Ordinal);

    /// <summary>The workspace folder from <c>initialize</c>, searched for files that import a block's file.</summary>
    public string? Root { get; set; }

    /// <summary>Files searched for importers at most, and their depth below the root: a workspace is a project, not a disk.</summary>
    public const int MaxWorkspaceFiles = 2000;

    /// <summary>
    /// The <c>.incept</c> files under the workspace folder that import <paramref name="path"/>, directly or
    /// through others, and are not open (open ones are analysed anyway). Build and package folders are skipped.
    /// </summary>
    public IReadOnlyList<string> ClosedImporters(string path)
    {
        if (Root is null || !Directory.Exists(Root))
        {
            return new string[0];
        }

        var skipped = new HashSet<string>(StringComparer.Ordinal) { "node_modules", "bin", "obj", ".git" };
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 8, IgnoreInaccessible = true };
        var imports = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Root, "*.incept", options).Take(MaxWorkspaceFiles))
        {
            var parts = file.Substring(Root.Length).Split(Path.DirectorySeparatorChar);
            if (parts.Any(skipped.Contains))
            {
                continue;
            }

            try
            {
                var text = Document(file)?.Text ?? Compilation.ReadSource(file);
                imports[file] = ParsedSource.Parse(file, text).Imports.ToList();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
            {
            }
        }

        // Importers of importers count too: a block's calls may sit two imports away.
        var reached = new HashSet<string>(StringComparer.Ordinal) { path };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (file, targets) in imports)
            {
                if (!reached.Contains(file) && targets.Any(reached.Contains))
                {
                    reached.Add(file);
                    grew = true;
                }
            }
        }

        reached.Remove(path);
        return reached.Where(f => Document(f) is null).OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    public OpenDocument Open(string uri, string text, int version)
    {
        var document = new OpenDocument(uri, Features.DocumentUris.ToPath(uri), text, version);
        lock (_gate)
        {
            _open[document.Path] = document;
        }

        return document;
    }

    public void Close(string uri)
    {
        lock (_gate)
        {
            var path = Features.DocumentUris.ToPath(uri);
            _open.Remove(path);
            Bump(path);
        }
    }

    /// <summary>A file changed on disk: analyses that read it are stale unless its buffer is open.</summary>
    public void ChangedOnDisk(string uri)
    {
        lock (_gate)
        {
            Bump(Features.DocumentUris.ToPath(uri));
        }
    }

    public OpenDocument? Document(string path)
    {
        lock (_gate)
        {
            return _open.TryGetValue(path, out var document) ? document : null;
        }
    }

    public IReadOnlyList<OpenDocument> OpenDocuments
    {
        get
        {
            lock (_gate)
            {
                return _open.Values.ToList();
            }
        }
    }

    /// <summary>The open documents whose last analysis read <paramref name="path"/> (itself excluded).</summary>
    public IReadOnlyList<OpenDocument> Dependents(string path)
    {
        lock (_gate)
        {
            return _open.Values.Where(d => d.Path != path && _analyses.TryGetValue(d.Path, out var a) && a.Stamps.ContainsKey(path)).ToList();
        }
    }

    /// <summary>The analysis of a document, open or on disk; a <see cref="FileNotFoundException"/> when it is neither.</summary>
    public DocumentAnalysis Analyze(string path)
    {
        lock (_gate)
        {
            if (_analyses.TryGetValue(path, out var cached) && cached.Stamps.All(s => Stamp(s.Key) == s.Value))
            {
                return cached.Analysis;
            }
        }

        // Each file's stamp is taken when it is read, so an edit made during the analysis makes it stale.
        var stamps = new Dictionary<string, string>(StringComparer.Ordinal);
        string? ReadStamped(string file)
        {
            lock (_gate)
            {
                stamps[file] = Stamp(file);
                if (_open.TryGetValue(file, out var document))
                {
                    return document.Text;
                }
            }

            return File.Exists(file) ? Compilation.ReadSource(file) : null;
        }

        var text = ReadStamped(path) ?? throw new FileNotFoundException($"'{path}' is not open in the editor and does not exist on disk", path);
        var analysis = DocumentAnalysis.Create(path, text, ReadStamped);
        lock (_gate)
        {
            _analyses[path] = (analysis, stamps);
        }

        return analysis;
    }

    /// <summary>What a file's content is now: an open buffer's version, or how many times the disk copy changed.</summary>
    private string Stamp(string path) =>
        _open.TryGetValue(path, out var document)
            ? "open:" + document.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + document.Text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "disk:" + (_diskGeneration.TryGetValue(path, out var generation) ? generation : 0).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void Bump(string path) => _diskGeneration[path] = (_diskGeneration.TryGetValue(path, out var generation) ? generation : 0) + 1;

    /// <summary>
    /// The context with the closed files of the workspace that import the file declaring what is at the
    /// place (or this file), so references and rename reach every call, not only those in open files.
    /// </summary>
    public DocumentContext WithImporters(DocumentContext context)
    {
        var declaring = new HashSet<string>(StringComparer.Ordinal) { context.Path };
        foreach (var path in context.Analysis.Imports.Keys)
        {
            declaring.Add(path);
        }

        var extra = declaring.SelectMany(ClosedImporters).Distinct().Select(Analyze).ToList();
        return extra.Count == 0 ? context : context with { Open = context.Open.Concat(extra).ToList() };
    }

    /// <summary>The text of another file to compare with, read as the compiler reads sources (size limit, no pipes).</summary>
    /// <exception cref="IOException">It cannot be read; the message says why.</exception>
    public static string ReadOther(string path)
    {
        try
        {
            return Compilation.ReadSource(path);
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or InvalidDataException)
        {
            throw new IOException(exception.Message, exception);
        }
    }
}
