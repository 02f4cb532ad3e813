using System.Collections.Generic;
using System.Linq;

namespace Inception.Compiler.Diagnostics;

/// <summary>What a diagnostic code means: its default severity, a title, and the anchor of its own row in LANGUAGE.md (the code in lower case).</summary>
public sealed record DiagnosticDescriptor(string Id, DiagnosticSeverity Severity, string Title, string HelpAnchor)
{
    /// <summary>Where the code is explained, for IDEs that link a diagnostic to its help.</summary>
    public string HelpLink => DiagnosticCatalog.LanguageReference + "#" + HelpAnchor;
}

/// <summary>
/// Every diagnostic code, once: the CLI, the generator and the language reference use this table, so a
/// code's severity and title are the same wherever it is reported.
/// </summary>
public static class DiagnosticCatalog
{
    public const string LanguageReference = "https://github.com/inception-dsl/inception-dsl/blob/main/dsl/LANGUAGE.md";

    public static readonly IReadOnlyList<DiagnosticDescriptor> All = new[]
    {
        Error(DiagnosticIds.SyntaxError, "Syntax error"),
        Error(DiagnosticIds.UnknownOperation, "Unknown operation or block"),
        Error(DiagnosticIds.UnknownOption, "Unknown option"),
        Error(DiagnosticIds.BadArguments, "Missing, extra or malformed arguments"),
        Error(DiagnosticIds.UnknownName, "Name not in scope"),
        Error(DiagnosticIds.DuplicateName, "Duplicate name in one module"),
        Error(DiagnosticIds.DuplicateDefinition, "Block or network defined twice"),
        Error(DiagnosticIds.RecursiveBlock, "Recursive block"),
        Error(DiagnosticIds.BadOptionValue, "Ill-typed option value"),
        Error(DiagnosticIds.BadNetworkHeader, "Bad network header"),
        Error(DiagnosticIds.FactorizationMismatch, "factorize changes the receptive field"),
        Error(DiagnosticIds.NoNetwork, "The file declares no network and no block"),
        Error(DiagnosticIds.MisplacedStatement, "Statement in the wrong place"),
        Error(DiagnosticIds.BlockArgumentMismatch, "A block call's arguments do not match its parameters"),
        Error(DiagnosticIds.NameCountMismatch, "A statement is given more or fewer names than it makes layers"),
        Error(DiagnosticIds.BodyMismatch, "An operation's body in braces is missing, empty or not allowed"),
        Error(DiagnosticIds.FactorizeCountMismatch, "factorize lists different numbers of kernels and widths"),
        Error(DiagnosticIds.AuxHeadInBlock, "An aux_head inside a block"),
        Error(DiagnosticIds.InvalidSpatialSize, "A layer does not fit its input"),
        Error(DiagnosticIds.ConcatMismatch, "Concatenated branches disagree on the grid"),
        Error(DiagnosticIds.ExpectationFailed, "expect failed"),
        Error(DiagnosticIds.InvalidPadding, "Invalid padding"),
        Error(DiagnosticIds.InvalidValue, "Invalid value"),
        Error(DiagnosticIds.GridReductionMismatch, "reduce_grid does not reduce the grid"),
        Error(DiagnosticIds.UnsupportedEmit, "A construct the module plan cannot express"),
        Error(DiagnosticIds.TooDeep, "Blocks and branches nest too deep, or instantiate too many layers"),
        Error(DiagnosticIds.ReservedName, "A name the generated code cannot take"),
        Error(DiagnosticIds.ResidualMismatch, "A residual's body and shortcut disagree on the shape"),
        Error(DiagnosticIds.CountOverflow, "A parameter or MAC count does not fit 64 bits"),
        Error(DiagnosticIds.DimensionOutOfRange, "A width or tensor dimension is not a positive integer that fits a tensor"),
        Error(DiagnosticIds.NotClassScores, "The network or an auxiliary head does not end in class scores"),
        Error(DiagnosticIds.GroupsMismatch, "groups does not divide the channels"),
        Error(DiagnosticIds.RankMismatch, "flat features where a feature map is needed"),
        Error(DiagnosticIds.FileNotFound, "File not found"),
        Error(DiagnosticIds.CannotWrite, "A file cannot be written"),
        Error(DiagnosticIds.CannotRead, "A file cannot be read"),
        Error(DiagnosticIds.InternalError, "Internal compiler error"),
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

    /// <summary>The descriptor of a code; an unknown code (a bug) gets an error descriptor of its own rather than a crash.</summary>
    public static DiagnosticDescriptor For(string id) =>
        ById.TryGetValue(id, out var descriptor) ? descriptor : new DiagnosticDescriptor(id, DiagnosticSeverity.Error, "Inception.Dsl " + id, "13-diagnostics");

    private static DiagnosticDescriptor Error(string id, string title) => new(id, DiagnosticSeverity.Error, title, id.ToLowerInvariant());
}
