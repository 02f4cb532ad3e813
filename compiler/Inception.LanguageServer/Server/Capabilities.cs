using System.Collections.Generic;
using Inception.LanguageServer.Features;

namespace Inception.LanguageServer.Server;

/// <summary>What the server tells the client it can do (LSP's ServerCapabilities), from the features it has.</summary>
public static class Capabilities
{
    /// <summary>TextDocumentSyncKind.Full: every change sends the whole text.</summary>
    public const int FullSync = 1;

    public static object Server(FeatureOptions options) => new Dictionary<string, object>
    {
        ["positionEncoding"] = "utf-16",
        ["textDocumentSync"] = new Dictionary<string, object> { ["openClose"] = true, ["change"] = FullSync, ["save"] = false },
        ["hoverProvider"] = true,
        ["inlayHintProvider"] = options.InlayHints,
        ["codeLensProvider"] = new Dictionary<string, object> { ["resolveProvider"] = false },
        ["completionProvider"] = new Dictionary<string, object> { ["triggerCharacters"] = new[] { "=", "(", "\"" } },
        ["signatureHelpProvider"] = new Dictionary<string, object> { ["triggerCharacters"] = new[] { "(", "," } },
        ["definitionProvider"] = true,
        ["referencesProvider"] = true,
        ["renameProvider"] = new Dictionary<string, object> { ["prepareProvider"] = true },
        ["documentSymbolProvider"] = true,
        ["foldingRangeProvider"] = true,
        ["documentFormattingProvider"] = true,
        ["codeActionProvider"] = new Dictionary<string, object> { ["codeActionKinds"] = new[] { "quickfix" } },
        ["semanticTokensProvider"] = new Dictionary<string, object>
        {
            ["legend"] = new Dictionary<string, object>
            {
                ["tokenTypes"] = SemanticTokensFeature.TokenTypes,
                ["tokenModifiers"] = SemanticTokensFeature.TokenModifiers,
            },
            ["full"] = true,
        },
    };
}
