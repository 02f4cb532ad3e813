using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Inception.Compiler.IR;


using Inception.Compiler.Text;

namespace Inception.Compiler.Diagnostics;

/// <summary>
/// Every diagnostic the compiler reports, one factory per fault, grouped by the phase that finds it: a code and
/// its wording are written here once, and a call site names the fault (<c>Errors.DropoutProbabilityOutOfRange(p)</c>).
/// LANGUAGE.md's section 13 has a row per code; the hostile samples' diagnostics baselines pin the texts.
/// </summary>
public static class Errors
{
    // Syntax (INC0001): the parser words its own errors, from what it expected.
    public static DiagnosticMessage Syntax(string message) => new(DiagnosticIds.SyntaxError, message);

    // Names, arguments and options (INC01xx), found by the binder.
    public static DiagnosticMessage UnknownOperation(string op, bool isBlock, IEnumerable<string> operations) =>
        new(DiagnosticIds.UnknownOperation, $"unknown operation '{op}'{(isBlock ? $"; call the block with parentheses: {op}(...)" : string.Empty)}; operations: " + string.Join(", ", operations));

    public static DiagnosticMessage UnknownBlock(string name, string known) => new(DiagnosticIds.UnknownOperation, $"unknown block '{name}'; {known}");

    public static DiagnosticMessage UnknownOption(string op, string option, string known) => new(DiagnosticIds.UnknownOption, $"'{op}' has no option '{option}'; {known}");

    public static DiagnosticMessage UnknownDefaultOption(string op, string option) => new(DiagnosticIds.UnknownOption, $"'{op}' has no option '{option}'");

    public static DiagnosticMessage DefaultsTakeOptionsOnly() => new(DiagnosticIds.UnknownOption, "defaults take only name=value options");

    public static DiagnosticMessage OperationArgumentCount(string op, int count, string unexpected) =>
        new(DiagnosticIds.BadArguments, $"'{op}' takes {Invariant(count)} positional argument(s); unexpected '{unexpected}'");

    public static DiagnosticMessage MissingOperationArgument(string op, string what) => new(DiagnosticIds.BadArguments, $"'{op}' needs its {what}");

    public static DiagnosticMessage MisplacedOperationArgument(string op, string what, string found) => new(DiagnosticIds.BadArguments, $"'{op}' expects its {what} here, not '{found}'");

    public static DiagnosticMessage NoPositionalArguments(string op) => new(DiagnosticIds.BadArguments, $"'{op}' takes no positional arguments");

    public static DiagnosticMessage ExpectTakesOneShape() => new(DiagnosticIds.BadArguments, "'expect' takes one shape: CxHxW for a feature map, e.g. 'expect 768x17x17', or F for flat features, e.g. 'expect 2048'");

    public static DiagnosticMessage AuxHeadNeedsWeight() => new(DiagnosticIds.BadArguments, "'aux_head' needs its loss weight, e.g. 'aux_head weight=0.3 { ... }'");

    public static DiagnosticMessage FactorizeSizeNotANumber() =>
        new(DiagnosticIds.BadArguments, "factorize takes the size of the kernel it replaces as a number, e.g. 'factorize 7 -> 1x7, 7x1'");

    public static DiagnosticMessage FactorizeKernelNotASize() => new(DiagnosticIds.BadArguments, "factorize kernels are HxW sizes such as 1x7");

    public static DiagnosticMessage UndefinedName(string name, string inScope) => new(DiagnosticIds.UnknownName, $"'{name}' is not defined here; names in scope: {inScope}");

    public static DiagnosticMessage OptionParameterInWidth(string name) =>
        new(DiagnosticIds.UnknownName, $"'{name}' is named by an option, which makes it fixed per class; a width cannot use it too (pass the value as a second parameter)");

    public static DiagnosticMessage DuplicateParameter(string name) => new(DiagnosticIds.DuplicateName, $"parameter '{name}' is declared twice or hides 'classes'");

    public static DiagnosticMessage DuplicateName(string name) => new(DiagnosticIds.DuplicateName, $"'{name}' is already used in this module");

    public static DiagnosticMessage DuplicateBlock(string name, string path, int line, int column) =>
        new(DiagnosticIds.DuplicateDefinition, $"block '{name}' is already defined at {path}({Invariant(line)},{Invariant(column)})");

    public static DiagnosticMessage DuplicateNetwork(string name) => new(DiagnosticIds.DuplicateDefinition, $"network '{name}' is already defined");

    public static DiagnosticMessage RecursiveBlock(string name, IEnumerable<string> callers) => new(DiagnosticIds.RecursiveBlock, $"block '{name}' uses itself: {string.Join(" -> ", callers)} -> {name}");

    public static DiagnosticMessage BadOptionValue(string option, string expected) => new(DiagnosticIds.BadOptionValue, $"option '{option}' must be {expected}");

    public static DiagnosticMessage ResidualScaleNotANumber(string scale) => new(DiagnosticIds.BadOptionValue, $"a residual's scale must be a number, not '{scale}'");

    public static DiagnosticMessage ResidualReluNotABool(string relu) => new(DiagnosticIds.BadOptionValue, $"a residual's relu must be true or false, not '{relu}'");

    public static DiagnosticMessage MissingInput(string network) => new(DiagnosticIds.BadNetworkHeader, $"network '{network}' needs an input shape, e.g. 'input 3x224x224'");

    public static DiagnosticMessage InputTakesOneShape() => new(DiagnosticIds.BadNetworkHeader, "'input' takes one shape CxHxW, e.g. 'input 3x224x224'");

    public static DiagnosticMessage ClassesTakesOneInteger() => new(DiagnosticIds.BadNetworkHeader, "'classes' takes one positive integer, e.g. 'classes 1000'");

    public static DiagnosticMessage FactorizationChangesField(string kernels, Pair field, int target) =>
        new(DiagnosticIds.FactorizationMismatch, $"the kernels {kernels} cover a {field} receptive field, not the {Invariant(target)}x{Invariant(target)} they factorize");

    public static DiagnosticMessage NoNetwork() => new(DiagnosticIds.NoNetwork, "the file declares no network and no block");

    public static DiagnosticMessage NotADefaultsLine(IEnumerable<string> defaultable) =>
        new(DiagnosticIds.MisplacedStatement, "a defaults section holds lines such as 'conv bias=false bn=true'; ops with defaults: " + string.Join(", ", defaultable));

    public static DiagnosticMessage HeaderNotAtTop(string header) => new(DiagnosticIds.MisplacedStatement, $"'{header}' belongs at the top of a network");

    public static DiagnosticMessage ShortcutOutsideResidual() => new(DiagnosticIds.MisplacedStatement, "'shortcut { ... }' belongs inside a residual");

    public static DiagnosticMessage BranchesInNamedSequence() =>
        new(DiagnosticIds.MisplacedStatement, "branches cannot sit inside a named sequence; use a block or an anonymous '{ ... }' branch");

    public static DiagnosticMessage NotABranch(string op) =>
        new(DiagnosticIds.MisplacedStatement, $"'{op}' cannot be a branch; put it inside a '{{ ... }}' branch or after the concat");

    public static DiagnosticMessage ResidualInNamedSequence() =>
        new(DiagnosticIds.MisplacedStatement, "a residual cannot sit inside a named sequence; put it in a block or an anonymous '{ ... }' sequence");

    public static DiagnosticMessage NoSuchBlockParameter(string block, string parameter) => new(DiagnosticIds.BlockArgumentMismatch, $"block '{block}' has no parameter '{parameter}'");

    public static DiagnosticMessage BlockArgumentGivenTwice(string parameter) => new(DiagnosticIds.BlockArgumentMismatch, $"'{parameter}' is given twice");

    public static DiagnosticMessage BlockArgumentIsASize(string parameter) => new(DiagnosticIds.BlockArgumentMismatch, $"'{parameter}' takes a number or an expression, not a size");

    public static DiagnosticMessage TooManyBlockArguments(string block, int count) => new(DiagnosticIds.BlockArgumentMismatch, $"block '{block}' takes {Invariant(count)} argument(s)");

    public static DiagnosticMessage MissingBlockArgument(string block, string parameter) => new(DiagnosticIds.BlockArgumentMismatch, $"block '{block}' needs a value for '{parameter}'");

    public static DiagnosticMessage OneLayerOneName(string op) => new(DiagnosticIds.NameCountMismatch, $"'{op}' makes one layer, so it takes one name");

    public static DiagnosticMessage NotAModule(string op) => new(DiagnosticIds.NameCountMismatch, $"'{op}' is not a module and takes no name; name its branches instead");

    public static DiagnosticMessage FactorizeNames(int count) => new(DiagnosticIds.NameCountMismatch, $"factorize makes {Invariant(count)} layers, so it takes {Invariant(count)} names or none");

    public static DiagnosticMessage AuxHeadInBlock() => new(DiagnosticIds.AuxHeadInBlock, "an aux_head must sit in a network, not inside a block: the network records its logits");

    public static DiagnosticMessage AuxHeadNeedsName() => new(DiagnosticIds.NameCountMismatch, "an aux_head needs a name, e.g. 'aux1 = aux_head weight=0.3 { ... }'");

    public static DiagnosticMessage BodyExpected(string op, bool needed) =>
        new(DiagnosticIds.BodyMismatch, needed ? $"'{op}' needs a body in braces" : $"'{op}' takes no body in braces");

    public static DiagnosticMessage SecondShortcut() => new(DiagnosticIds.BodyMismatch, "a residual has one shortcut");

    public static DiagnosticMessage MalformedShortcut() => new(DiagnosticIds.BodyMismatch, "a shortcut is 'shortcut { LAYERS }', with no name or options");

    public static DiagnosticMessage ResidualNeedsBody() => new(DiagnosticIds.BodyMismatch, "a residual needs a body: the layers whose output is added to the shortcut");

    public static DiagnosticMessage ConcatNeedsBranch() => new(DiagnosticIds.BodyMismatch, "a concat needs at least one branch");

    public static DiagnosticMessage FactorizeCounts(int kernels, int widths) =>
        new(DiagnosticIds.FactorizeCountMismatch, $"factorize lists {Invariant(kernels)} kernel(s) but {Invariant(widths)} output width(s)");

    // Values and shapes (INC02xx), found by the binder's checks and by shape inference.
    public static DiagnosticMessage LayerDoesNotFit(string what, Shape input, long height, long width) =>
        new(DiagnosticIds.InvalidSpatialSize, $"{what} does not fit its {input} input (the output would be {Invariant(height)}x{Invariant(width)})");

    public static DiagnosticMessage ConcatGridMismatch(string branch, Pair grid, string first, Pair firstGrid, string all) =>
        new(DiagnosticIds.ConcatMismatch, $"branch '{branch}' gives a {grid.Height}x{grid.Width} grid but branch '{first}' gives {firstGrid.Height}x{firstGrid.Width}; branches must agree on height and width to be concatenated: {all}");

    public static DiagnosticMessage ExpectationFailed(Shape expected, Shape actual) =>
        new(DiagnosticIds.ExpectationFailed, $"expected {Shapes(expected, actual).First} here, but the tensor is {Shapes(expected, actual).Second}");

    public static DiagnosticMessage NeedsFeatureMap(string op, Shape input) =>
        new(DiagnosticIds.RankMismatch, $"'{op}' works on a feature map (N x C x H x W), but its input is {input.Described} (N x {input}) from a linear or flatten above; move it before them, or remove the flatten");

    public static DiagnosticMessage ConcatRankMismatch(string branch, Shape shape, string first, Shape firstShape, string all) =>
        new(DiagnosticIds.RankMismatch, $"branch '{branch}' gives {shape.Described} but branch '{first}' gives {firstShape.Described}; a concat joins branches of one kind: {all}");

    public static DiagnosticMessage SamePaddingNeedsOddKernel(Pair kernel, Pair stride) =>
        new(DiagnosticIds.InvalidPadding, $"'pad=same' needs an odd kernel and stride 1 (kernel {kernel}, stride {stride})");

    public static DiagnosticMessage FactorizeNeedsOddKernels(Pair kernel) =>
        new(DiagnosticIds.InvalidPadding, $"factorize keeps the grid with 'same' padding, which needs odd kernels, not {kernel}");

    public static DiagnosticMessage PoolPaddingTooLarge(Pair padding, Pair kernel) => new(DiagnosticIds.InvalidPadding, $"pool padding {padding} must be at most half the kernel {kernel}");

    public static DiagnosticMessage SizeBelowOne(string op, string what, string pair) => new(DiagnosticIds.InvalidValue, $"'{op}' needs a {what} of at least 1x1, not {pair}");

    public static DiagnosticMessage StrideBelowOne(Pair stride) => new(DiagnosticIds.InvalidValue, $"stride must be at least 1, not {stride}");

    public static DiagnosticMessage GroupsBelowOne(double groups) => new(DiagnosticIds.InvalidValue, $"groups must be a whole number of at least 1, not {Invariant(groups)}");

    public static DiagnosticMessage EpsilonNotPositive(double eps) => new(DiagnosticIds.InvalidValue, $"eps must be a finite number above 0, not {Invariant(eps)}");

    public static DiagnosticMessage InitStdNotPositive(double std) => new(DiagnosticIds.InvalidValue, $"init_std must be a finite number above 0, not {Invariant(std)}");

    public static DiagnosticMessage DropoutProbabilityOutOfRange(double p) => new(DiagnosticIds.InvalidValue, $"drop probability must be in [0, 1), not {Invariant(p)}");

    public static DiagnosticMessage PoolKernelBelowOne(Pair kernel) => new(DiagnosticIds.InvalidValue, $"the pool kernel must be at least 1x1, not {kernel}");

    public static DiagnosticMessage AuxWeightOutOfRange() => new(DiagnosticIds.InvalidValue, "an auxiliary loss weight must be a number from 0 to 1e6");

    public static DiagnosticMessage GridNotReduced(Pair grid, Shape input) =>
        new(DiagnosticIds.GridReductionMismatch, $"reduce_grid keeps the grid at {grid.Height}x{grid.Width} (input {input}); its branches need stride 2");

    public static DiagnosticMessage TooDeep(int depth) => new(DiagnosticIds.TooDeep, $"blocks and branches nest deeper than {Invariant(depth)} levels here");

    public static DiagnosticMessage TooManyNodes(int limit) =>
        new(DiagnosticIds.TooDeep, $"the network instantiates more than {Numbers.Group(limit)} layers and modules here (blocks that call each other repeatedly multiply them)");

    public static DiagnosticMessage ResidualScaleOutOfRange(double scale) =>
        new(DiagnosticIds.InvalidValue, $"a residual's scale must fit a float32 (at most 3.4e38 in size), not {Invariant(scale)}");

    public static DiagnosticMessage ResidualShapes(Shape body, string shortcut, Shape shortcutShape) =>
        new(DiagnosticIds.ResidualMismatch, $"a residual adds its body and its shortcut, which must agree: the body gives {Shapes(body, shortcutShape).First} but {shortcut} {Shapes(body, shortcutShape).Second}");

    public static DiagnosticMessage NetworkCountOverflow(string network) => new(DiagnosticIds.CountOverflow, $"network '{network}' has more parameters or MACs than a 64-bit count holds");

    public static DiagnosticMessage LayerCountOverflow(string op, Shape input) => new(DiagnosticIds.CountOverflow, $"{op} on a {input} input has more parameters or MACs than a 64-bit count holds");

    public static DiagnosticMessage PartCountOverflow() => new(DiagnosticIds.CountOverflow, "this part of the network has more parameters or MACs than a 64-bit count holds");

    /// <summary>A width expression that has no value here: the evaluator's reason (a division by zero, an overflow).</summary>
    public static DiagnosticMessage WidthHasNoValue(string reason) => new(DiagnosticIds.DimensionOutOfRange, reason);

    public static DiagnosticMessage WidthOutOfRange(ChannelExpression width, long value) =>
        new(DiagnosticIds.DimensionOutOfRange, $"a width must be a positive integer of at most {Invariant(int.MaxValue)}; '{width}' is {Invariant(value)}");

    public static DiagnosticMessage WidthNotWhole(string text, string why) => new(DiagnosticIds.DimensionOutOfRange, $"widths are whole numbers of at most {Invariant(long.MaxValue)}; '{text}' {why}");

    public static DiagnosticMessage ConcatTooWide(long channels) => new(DiagnosticIds.DimensionOutOfRange, $"the concatenated branches have {Invariant(channels)} channels, more than a tensor dimension holds");

    public static DiagnosticMessage DimensionTooLarge(string what, Shape input, long channels, long height, long width) =>
        new(DiagnosticIds.DimensionOutOfRange, $"{what} on a {input} input gives {Invariant(channels)}x{Invariant(height)}x{Invariant(width)}, a dimension above {Invariant(int.MaxValue)}");

    public static DiagnosticMessage NetworkNotClassScores(string network, Shape output, int classes) =>
        new(DiagnosticIds.NotClassScores, $"network '{network}' ends in {output.Described} but declares {Invariant(classes)} classes; {ClassScoresHint(output, classes)}");

    public static DiagnosticMessage AuxHeadNotClassScores(string head, Shape output, long classes) =>
        new(DiagnosticIds.NotClassScores, $"auxiliary head '{head}' ends in {output.Described}; it must give {Invariant(classes)} flat class scores ({ClassScoresHint(output, classes)})");

    /// <summary>A map of one score per class only lacks the flatten that makes it N x classes.</summary>
    private static string ClassScoresHint(Shape output, long classes) =>
        !output.Flat && output.Channels == classes && output.Height == 1 && output.Width == 1
            ? "add 'flatten' at the end, so the scores are N x classes"
            : "end with 'linear classes'";

    /// <summary>Two shapes for one message: in words when their ranks differ, which their text alone would not show.</summary>
    private static (string First, string Second) Shapes(Shape first, Shape second) =>
        first.Flat == second.Flat ? (first.ToString(), second.ToString()) : (first.Described, second.Described);

    public static DiagnosticMessage GroupsDoNotDivide(int groups, int input, int output) =>
        new(DiagnosticIds.GroupsMismatch, $"groups={Invariant(groups)} must divide the input channels ({Invariant(input)}) and the output channels ({Invariant(output)})");

    // What the module plan cannot express (INC0207, INC0209), found when it is built.
    public static DiagnosticMessage NotOneModule(string op) =>
        new(DiagnosticIds.UnsupportedEmit, $"a named sequence becomes a torch Sequential, which calls one module per item; this '{op}' needs more (a flatten, a ReLU or a second module): put it in a block or an anonymous '{{ ... }}' sequence");

    public static DiagnosticMessage NotASequenceItem(string op) => new(DiagnosticIds.UnsupportedEmit, $"a named sequence cannot hold a {op}");

    public static DiagnosticMessage GridDiffersPerInstance(string op) =>
        new(DiagnosticIds.UnsupportedEmit, $"this {op} layer sees a different grid in different instances of its block, so one class cannot fix its input size; put a global_avgpool or adaptive_avgpool before it");

    public static DiagnosticMessage ReservedNetworkName(string name) => new(DiagnosticIds.ReservedName, $"a network cannot be named '{name}': the generated code uses that name for a library type");

    public static DiagnosticMessage ReservedLayerName(string name, bool isNetworkName) =>
        new(DiagnosticIds.ReservedName, $"a layer cannot be named '{name}': {(isNetworkName ? "it is the network's own name" : "every module class already has a member by that name")}");

    // Files (INC03xx) and the compiler itself.
    public static DiagnosticMessage ImportNotFound(string relative, string target) => new(DiagnosticIds.FileNotFound, $"cannot find imported file '{relative}' (looked for {target})");

    public static DiagnosticMessage ImportUnreadable(string relative, string reason) => new(DiagnosticIds.CannotRead, $"cannot read imported file '{relative}': {reason}");

    public static DiagnosticMessage InputIsDirectory(string path) => new(DiagnosticIds.FileNotFound, $"'{path}' is a directory, not a .incept file");

    public static DiagnosticMessage InputNotFound() => new(DiagnosticIds.FileNotFound, "file not found");

    public static DiagnosticMessage DanglingLink(string target) => new(DiagnosticIds.FileNotFound, $"the symbolic link points to '{target}', which does not exist");

    public static DiagnosticMessage InputUnreadable(string reason) => new(DiagnosticIds.CannotRead, $"cannot read the file: {reason}");

    public static DiagnosticMessage FormattedFileUnwritable(string reason) => new(DiagnosticIds.CannotWrite, $"cannot write the formatted file ({reason}); the file is unchanged");

    public static DiagnosticMessage NetworkInTwoFiles(string network, string path) =>
        new(DiagnosticIds.DuplicateDefinition, $"network '{network}' is already defined in {path}; each network of a project becomes a class of one namespace");

    public static DiagnosticMessage InternalError(string exception, string message) => new(DiagnosticIds.InternalError, $"internal compiler error: {exception}: {message}");

    /// <summary>The diagnostic at a place, with its code's severity.</summary>
    public static Diagnostic At(this DiagnosticMessage message, SourceLocation location) =>
        new(message.Id, DiagnosticCatalog.For(message.Id).Severity, message.Text, location);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
