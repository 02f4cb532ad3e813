using System;

namespace Inception.LanguageServer.Features;

/// <summary>
/// Editors name documents by URI; the compiler by path. A <c>file:</c> URI maps to its local path and back; any
/// other URI (an unsaved buffer) is its own path, so it compiles the same, imports resolving beside nothing.
/// </summary>
public static class DocumentUris
{
    public static string ToPath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;

    public static string ToUri(string path) =>
        System.IO.Path.IsPathRooted(path) ? new Uri(path).AbsoluteUri : path;
}
