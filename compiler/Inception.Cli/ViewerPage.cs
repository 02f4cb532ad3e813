using System.Reflection;
using System.Text;

namespace Inception.Cli;

/// <summary>
/// The viewer as one self-contained HTML file: the bundled script and stylesheet (compiler/Inception.Viewer, built
/// by esbuild and embedded in this assembly) and the model's JSON, inline. Its Content-Security-Policy allows no
/// request of any kind: it works from file://, offline, and in a VS Code webview.
/// </summary>
internal static class ViewerPage
{
    public static string Render(string title, string modelJson)
    {
        var page = new StringBuilder();
        page.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline' blob:; worker-src blob:; img-src data: blob:\">\n");
        page.Append("<title>").Append(System.Net.WebUtility.HtmlEncode(title)).Append("</title>\n");
        page.Append("<style>").Append(Resource("viewer.css")).Append("</style>\n</head>\n<body>\n");

        // Inside a string '<' is written as \u003c, which JSON reads back the same: no "</script>" can end the block early.
        page.Append("<script type=\"application/json\" id=\"incept-model\">").Append(modelJson.Replace("<", "\\u003c", StringComparison.Ordinal)).Append("</script>\n");
        page.Append("<script id=\"incept-viewer-js\">").Append(Resource("viewer.js")).Append("</script>\n");
        page.Append("</body>\n</html>\n");
        return page.ToString();
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the viewer's {name} is missing from incept.dll; build compiler/Inception.Viewer (npm ci && npm run build)");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
