using System;
using System.Globalization;
using Inception.Compiler.IR;
using Inception.Compiler.Plan;

namespace Inception.Compiler.Emit.PyTorch;

/// <summary>
/// A module argument as a Python literal. A constructor call spells every size as a tuple; a signature's default
/// writes a square one as one int, as PyTorch's own signatures do.
/// </summary>
internal sealed class PythonValues(Func<ChannelExpression, string> spell, bool squareAsInt = false) : IPlanValueVisitor<string>
{
    public string VisitChannels(ChannelExpression channels) => spell(channels);

    public string VisitPair(Pair pair) => squareAsInt && pair.IsSquare
        ? pair.Height.ToString(CultureInfo.InvariantCulture)
        : $"({pair.Height.ToString(CultureInfo.InvariantCulture)}, {pair.Width.ToString(CultureInfo.InvariantCulture)})";

    public string VisitDouble(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public string VisitBool(bool value) => value ? "True" : "False";
}
