using System.Reflection;
using Inception.Compiler.Diagnostics;
using Inception.Compiler.Semantics;

namespace Inception.Compiler.Tests;

/// <summary>
/// Layers whose options name block parameters are templates: bound once per definition, their holes filled
/// per instance by the IR builder, which sees neither syntax nor the binder.
/// </summary>
public sealed class TemplateTests
{
    private const string Network = "network N {\n  input 4x8x8\n  classes 2\n  {0}\n  global_avgpool\n  linear classes\n}\n";

    [Fact]
    public void ABindingErrorOfATemplateIsReportedOnceWhetherTheBlockIsCalledTwiceOrNever()
    {
        const string block = "block down(s) {\n  conv 8 3x3 stride=s pad=1 shift=2\n}\n";
        foreach (var calls in new[] { "down(1)\n  down(2)", "conv 8 1x1" })
        {
            var result = Compilation.Compile("t.incept", block + Network.Replace("{0}", calls, StringComparison.Ordinal));
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal((DiagnosticIds.UnknownOption, 2, 29), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
        }
    }

    [Fact]
    public void AValueTheOpRefusesIsReportedAtTheOptionWithTheCallThatPassedIt()
    {
        const string block = "block down(s) {\n  conv 8 3x3 stride=s pad=1\n}\n";
        var result = Compilation.Compile("t.incept", block + Network.Replace("{0}", "down(1)\n  down(0)", StringComparison.Ordinal));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticIds.InvalidValue, 2, 21), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal(new SourceLocation("t.incept", 8, 3), diagnostic.Related);
    }

    [Fact]
    public void EachInstanceGetsItsOwnValues()
    {
        const string block = "block down(s, k) {\n  conv 8 3x3 stride=s pad=1\n  pool 3x3 kind=k stride=1 pad=1\n}\n";
        var result = Compilation.Compile("t.incept", block + Network.Replace("{0}", "down(1, max)\n  down(2, avg)", StringComparison.Ordinal));
        Assert.Empty(result.Diagnostics);
        var layers = result.Networks[0].Root.Children.Take(2).Select(c => string.Join(" | ", c.Children.Select(l => $"{l.Op.Keyword} {l.Output}"))).ToList();
        Assert.Equal(new[] { "conv 8x8x8 | maxpool 8x8x8", "conv 8x4x4 | avgpool 8x4x4" }, layers);
    }

    [Fact]
    public void TheBoundTreeHoldsNoSyntaxAndBindsEqually()
    {
        // The generator's incremental cache compares bound programs: binding the same text twice must give equal ones.
        var text = File.ReadAllText(Repository.Dsl("inception_resnet_v2.incept"));
        var first = Compilation.Compile("a.incept", text).Program;
        Assert.Equal(first, Compilation.Compile("a.incept", text).Program);
        Assert.Contains(first.Blocks, b => Flatten(b.Body).OfType<BoundDeferredLayer>().Any() || Flatten(b.Body).OfType<BoundResidual>().Any());

        var syntax = typeof(Inception.Compiler.Syntax.SyntaxFile).Namespace!;
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(typeof(BoundNode).Assembly.GetTypes().Where(t => typeof(BoundNode).IsAssignableFrom(t)).Append(typeof(BoundProgram)));
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type) || type.Namespace is null || !type.Namespace.StartsWith("Inception.Compiler", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.False(type.Namespace == syntax, $"{type.Name} reaches the bound tree");
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                pending.Enqueue(propertyType);
                foreach (var argument in propertyType.GetGenericArguments())
                {
                    pending.Enqueue(argument);
                }
            }
        }

        Assert.Contains(typeof(BoundValue), seen);
    }

    private static IEnumerable<BoundNode> Flatten(BoundNode node) => node switch
    {
        BoundSequence sequence => new[] { node }.Concat(sequence.Items.SelectMany(Flatten)),
        BoundConcat concat => new[] { node }.Concat(concat.Branches.SelectMany(Flatten)),
        BoundResidual residual => new[] { node }.Concat(Flatten(residual.Body)).Concat(Flatten(residual.Shortcut)),
        BoundAuxHead head => new[] { node }.Concat(Flatten(head.Body)),
        _ => new[] { node },
    };
}
