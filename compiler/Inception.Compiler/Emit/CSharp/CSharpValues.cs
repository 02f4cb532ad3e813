using System;
using System.Globalization;
using Inception.Compiler.IR;
using Inception.Compiler.Plan;

namespace Inception.Compiler.Emit.CSharp;

/// <summary>A module argument as a C# expression; widths are spelled with the class's own parameter names.</summary>
internal sealed class CSharpValues(Func<ChannelExpression, string> spell) : IPlanValueVisitor<string>
{
    public string VisitChannels(ChannelExpression channels) => spell(channels);

    public string VisitPair(Pair pair) => $"({pair.Height.ToString(CultureInfo.InvariantCulture)}, {pair.Width.ToString(CultureInfo.InvariantCulture)})";

    public string VisitDouble(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public string VisitBool(bool value) => value ? "true" : "false";
}
