namespace Inception.Compiler.Diagnostics;

/// <summary>
/// Stable diagnostic codes. 00xx: syntax, 01xx: names and arguments, 02xx: shapes, 03xx: files.
/// Codes never change meaning once published, so users can search for them.
/// </summary>
public static class DiagnosticIds
{
    public const string SyntaxError = "INC0001";
    public const string UnknownOperation = "INC0101";
    public const string UnknownOption = "INC0102";
    public const string BadArguments = "INC0103";
    public const string UnknownName = "INC0104";
    public const string DuplicateName = "INC0105";
    public const string DuplicateDefinition = "INC0106";
    public const string RecursiveBlock = "INC0107";
    public const string BadOptionValue = "INC0108";
    public const string BadNetworkHeader = "INC0109";
    public const string FactorizationMismatch = "INC0110";
    public const string NoNetwork = "INC0111";
    public const string MisplacedStatement = "INC0112";
    public const string BlockArgumentMismatch = "INC0113";
    public const string NameCountMismatch = "INC0114";
    public const string BodyMismatch = "INC0115";
    public const string FactorizeCountMismatch = "INC0116";
    public const string AuxHeadInBlock = "INC0117";
    public const string InvalidSpatialSize = "INC0201";
    public const string ConcatMismatch = "INC0202";
    public const string ExpectationFailed = "INC0203";
    public const string InvalidPadding = "INC0204";
    public const string InvalidValue = "INC0205";
    public const string GridReductionMismatch = "INC0206";
    public const string UnsupportedEmit = "INC0207";
    public const string TooDeep = "INC0208";
    public const string ReservedName = "INC0209";
    public const string ResidualMismatch = "INC0210";
    public const string CountOverflow = "INC0211";
    public const string DimensionOutOfRange = "INC0212";
    public const string NotClassScores = "INC0213";
    public const string GroupsMismatch = "INC0214";
    public const string RankMismatch = "INC0215";
    public const string FileNotFound = "INC0301";
    public const string CannotWrite = "INC0302";
    public const string CannotRead = "INC0303";
    public const string InternalError = "INC0999";
}
