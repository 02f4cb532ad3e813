using System;
using System.Collections.Generic;
using System.Globalization;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.IR;
using Inception.Compiler.Semantics;

namespace Inception.Compiler.Ops;

/// <summary>
/// What an op definition reads from its statement's bound arguments (<see cref="BoundArguments"/>): positional arguments in order, then options (with the
/// file's defaults applied). Each reader reports a located diagnostic for a missing, malformed or out-of-range
/// value and returns null or the fallback, so binding goes on and reports the statement's other problems too.
/// </summary>
internal sealed class OpArguments
{
    private readonly string _keyword;
    private readonly IReadOnlyList<BoundValue> _positional;
    private readonly DiagnosticBag _diagnostics;
    private int _next;
    private bool _failed;

    public OpArguments(
        string keyword,
        IReadOnlyList<BoundValue> positional,
        OptionReader options,
        SourceLocation location,
        DiagnosticBag diagnostics)
    {
        _keyword = keyword;
        _positional = positional;
        Options = options;
        Location = location;
        _diagnostics = diagnostics;
    }

    /// <summary>The reader of a statement's bound arguments: its options are checked against <paramref name="allowed"/>.</summary>
    public static OpArguments Of(string keyword, IReadOnlyCollection<string> allowed, BoundArguments arguments, SourceLocation location, DiagnosticBag diagnostics) =>
        new(keyword, arguments.Positional, new OptionReader(keyword, arguments.Options, arguments.Defaults, allowed, diagnostics), location, diagnostics);

    public SourceLocation Location { get; }

    public OptionReader Options { get; }

    /// <summary>A width: an integer expression over the block's parameters.</summary>
    public ChannelExpression? Channels(string what)
    {
        if (Take(what) is not { } argument)
        {
            return null;
        }

        if (!argument.IsDimensions)
        {
            _diagnostics.AddRange(argument.WidthErrors);
            _failed |= argument.Width is null;
            return argument.Width;
        }

        FailArgument(argument, what);
        return null;
    }

    /// <summary>A size such as <c>3x3</c> (or <c>3</c>): every side at least 1.</summary>
    public Pair? Size(string what)
    {
        if (Take(what) is not { } argument)
        {
            return null;
        }

        if (argument.Pair is not { } pair)
        {
            FailArgument(argument, what);
            return null;
        }

        if (pair.Height < 1 || pair.Width < 1)
        {
            Report(argument.Location, Errors.SizeBelowOne(_keyword, what, pair.ToString()));
            _failed = true;
            return null;
        }

        return pair;
    }

    /// <summary>A literal number.</summary>
    public double? Number(string what) =>
        Take(what) switch
        {
            null => null,
            { IsDimensions: false, Number: { } number } => number,
            var other => FailNumber(other, what),
        };

    /// <summary>True when no argument was missing or malformed; reports any left over.</summary>
    public bool Complete()
    {
        if (_next < _positional.Count)
        {
            var extra = _positional[_next];
            Report(extra.Location, Errors.OperationArgumentCount(_keyword, _next, extra.Text));
            return false;
        }

        return !_failed;
    }

    /// <summary>The <c>stride</c> option: an integer or HxW, each at least 1.</summary>
    public Pair Stride(Pair fallback)
    {
        var stride = Options.Pair("stride", fallback);
        if (stride.Height >= 1 && stride.Width >= 1)
        {
            return stride;
        }

        Report(OptionLocation("stride"), Errors.StrideBelowOne(stride));
        return fallback;
    }

    /// <summary>The <c>pad</c> option: an integer, HxW, <c>same</c> (odd kernel, stride 1) or <c>valid</c>.</summary>
    public Pair Padding(Pair kernel, Pair stride)
    {
        var word = Options.Word("pad");
        if (word is null)
        {
            return Options.Pair("pad", Pair.Square(0));
        }

        switch (word)
        {
            case "valid":
                return Pair.Square(0);
            case "same":
                if (kernel.Height % 2 == 0 || kernel.Width % 2 == 0 || stride != Pair.Square(1))
                {
                    Report(OptionLocation("pad"), Errors.SamePaddingNeedsOddKernel(kernel, stride));
                }

                return new Pair(kernel.Height / 2, kernel.Width / 2);
            default:
                Report(OptionLocation("pad"), Errors.BadOptionValue("pad", "an integer, HxW, 'same' or 'valid'"));
                return Pair.Square(0);
        }
    }

    /// <summary>The <c>groups</c> option of a convolution: a whole number of at least 1 (1, an ordinary convolution, by default).</summary>
    public int Groups()
    {
        var groups = Options.Number("groups", 1)!.Value;
        if (groups >= 1 && groups <= int.MaxValue && groups == System.Math.Floor(groups))
        {
            return (int)groups;
        }

        Report(OptionLocation("groups"), Errors.GroupsBelowOne(groups));
        return 1;
    }

    /// <summary>The batch-norm <c>eps</c> option: a finite number above zero.</summary>
    public double Epsilon(double fallback)
    {
        var eps = Options.Number("eps", fallback)!.Value;
        if (eps > 0 && !double.IsInfinity(eps))
        {
            return eps;
        }

        Report(OptionLocation("eps"), Errors.EpsilonNotPositive(eps));
        return fallback;
    }

    /// <summary>The <c>init_std</c> option: the stddev of the initial weights, a finite number above zero.</summary>
    public double? InitialStd()
    {
        var std = Options.Number("init_std", null);
        if (std is null or (> 0 and < double.PositiveInfinity))
        {
            return std;
        }

        Report(OptionLocation("init_std"), Errors.InitStdNotPositive(std.Value));
        return null;
    }

    /// <summary>Reports a fault at the layer.</summary>
    public void Report(DiagnosticMessage message) => Report(Location, message);

    public void Report(SourceLocation location, DiagnosticMessage message) => _diagnostics.Report(location, message);

    private SourceLocation OptionLocation(string name) =>
        Options.Raw(name) is { } option ? option.Value.Location : Location;

    private BoundValue? Take(string what)
    {
        if (_next < _positional.Count)
        {
            return _positional[_next++];
        }

        Report(Errors.MissingOperationArgument(_keyword, what));
        _failed = true;
        return null;
    }

    private double? FailNumber(BoundValue argument, string what)
    {
        FailArgument(argument, what);
        return null;
    }

    private void FailArgument(BoundValue argument, string what)
    {
        Report(argument.Location, Errors.MisplacedOperationArgument(_keyword, what, argument.Text));
        _failed = true;
    }
}
