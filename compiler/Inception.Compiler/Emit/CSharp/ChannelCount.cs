using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Inception.Compiler.Emit.CSharp;

/// <summary>
/// A channel count in generated code: a constant plus symbolic terms over the constructor's parameters, so a
/// concat of branches reads <c>ch1x1 + ch3x3 + ch5x5 + poolProj</c> and constant parts fold to one number.
/// </summary>
internal sealed class ChannelCount
{
    private ChannelCount(long constant, IReadOnlyList<string> terms)
    {
        Constant = constant;
        Terms = terms;
    }

    public long Constant { get; }

    public IReadOnlyList<string> Terms { get; }

    public static ChannelCount Of(long constant) => new(constant, new string[0]);

    public static ChannelCount Of(string term) => new(0, new[] { term });

    public static ChannelCount Sum(IEnumerable<ChannelCount> parts)
    {
        var list = parts.ToList();
        return new ChannelCount(list.Sum(p => p.Constant), list.SelectMany(p => p.Terms).ToList());
    }

    public ChannelCount Times(long factor) =>
        factor == 1 ? this : Terms.Count == 0 ? Of(Constant * factor) : Of($"({this}) * {factor.ToString(CultureInfo.InvariantCulture)}");

    public override string ToString()
    {
        if (Terms.Count == 0)
        {
            return Constant.ToString(CultureInfo.InvariantCulture);
        }

        var text = string.Join(" + ", Terms);
        return Constant == 0 ? text : text + " + " + Constant.ToString(CultureInfo.InvariantCulture);
    }
}
