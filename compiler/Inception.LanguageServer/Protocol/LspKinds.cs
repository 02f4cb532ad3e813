namespace Inception.LanguageServer.Protocol;

/// <summary>The numbers LSP gives its enumerations.</summary>
public static class LspKinds
{
    public const int SeverityError = 1;
    public const int SeverityWarning = 2;

    public const int CompletionText = 1;
    public const int CompletionFunction = 3;
    public const int CompletionField = 5;
    public const int CompletionVariable = 6;
    public const int CompletionClass = 7;
    public const int CompletionModule = 9;
    public const int CompletionProperty = 10;
    public const int CompletionValue = 12;
    public const int CompletionKeyword = 14;
    public const int CompletionSnippet = 15;
    public const int CompletionFile = 17;

    public const int InsertPlainText = 1;
    public const int InsertSnippet = 2;

    public const int SymbolFile = 1;
    public const int SymbolModule = 2;
    public const int SymbolClass = 5;
    public const int SymbolField = 8;
    public const int SymbolFunction = 12;

    public const int InlayHintType = 1;
}
