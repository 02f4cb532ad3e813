using System.Reflection;
using Inception.Compiler;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;
using Inception.Compiler.Plan;
using Inception.Compiler.Plan.Modules;
using TorchSharp;

namespace Inception.Models.Tests;

/// <summary>
/// The module catalogue is the one place a module is spelled: every entry carries a rule for every target, and
/// the construct file that the parity, PyTorch and ONNX tests run in every target uses every op and every entry,
/// so a rule that is missing or wrong fails there.
/// </summary>
public sealed class CatalogueTests
{
    private static readonly string Constructs = Repository.Path("tests", "Inception.Models.Tests", "Constructs", "constructs.incept");

    [Fact]
    public void TheConstructFileUsesEveryOpAndEveryModule()
    {
        var compilation = Compilation.CompileFile(Constructs);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        // By the text: 'pool kind=avg' binds to the avgpool definition, 'global_avgpool' to adaptive pooling's.
        var text = File.ReadAllText(Constructs) + File.ReadAllText(Path.Combine(Path.GetDirectoryName(Constructs)!, "lib.incept"));
        var unused = OpCatalog.All.Select(d => d.Keyword).Where(k => !System.Text.RegularExpressions.Regex.IsMatch(text, $@"(^|[;{{=])[ \t]*{k}\b", System.Text.RegularExpressions.RegexOptions.Multiline)).ToList();
        Assert.True(unused.Count == 0, "ops the construct file does not use: " + string.Join(", ", unused));

        var used = compilation.Plans.SelectMany(p => p.Blocks.Append(p.Network)).SelectMany(c => c.Children).SelectMany(c => Modules(c.Module)).Select(m => m.Definition).ToHashSet();
        var missing = ModuleCatalog.All.Except(used).Select(m => m.Name).ToList();
        Assert.True(missing.Count == 0, "modules the construct file does not use: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryModuleHasARuleForEveryTarget()
    {
        var runtime = typeof(Runtime.BasicConv2d).Assembly;
        foreach (var module in ModuleCatalog.All)
        {
            // TorchSharp (the C# printer and the run-time builder): a factory of nn, or a class of Inception.Runtime.
            if (module.Library == ModuleLibrary.Torch)
            {
                Assert.Contains(typeof(torch.nn).GetMethods(BindingFlags.Public | BindingFlags.Static), m => m.Name == module.Name);
                Assert.Null(module.PyTorchClass);
            }
            else
            {
                var type = runtime.GetType("Inception.Runtime." + module.Name);
                Assert.True(type is not null, $"Inception.Runtime has no class {module.Name}");
                Assert.Contains("{SIGNATURE}", module.PyTorchClass, StringComparison.Ordinal);
                RuntimeDefaultsAreTheCatalogues(module, type!);
            }

            // ONNX: at least one operator, each reading only the module's own arguments.
            Assert.NotEmpty(module.Onnx);
            foreach (var argument in module.Onnx.SelectMany(Arguments))
            {
                Assert.True(module.Arguments.Contains(argument), $"{module.Name}'s ONNX rule reads '{argument.Name}', which it does not take");
            }

            // Names are unique, and an argument without a default comes before the ones with.
            Assert.Equal(module.Arguments.Count, module.Arguments.Select(a => a.Name).Distinct().Count());
            Assert.True(module.Arguments.SkipWhile(a => a.Required).All(a => !a.Required), $"{module.Name} has a required argument after an optional one");
        }
    }

    [Fact]
    public void TheStepKindsAreTheVisitorsMethods()
    {
        // A new PlanStep must implement Accept, which needs a new IPlanStepVisitor method, which ForwardWalker
        // (and so every target) must implement before anything compiles. This pins the two lists together.
        var kinds = typeof(PlanStep).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(PlanStep))).Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal);
        var visits = typeof(IPlanStepVisitor<>).GetMethods().Select(m => m.GetParameters()[0].ParameterType.Name).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(kinds, visits);
        Assert.All(typeof(PlanStep).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(PlanStep))), t => Assert.True(t.IsSealed));
    }

    /// <summary>Inception.Runtime's constructor takes the catalogue's defaults, under the catalogue's C# names.</summary>
    private static void RuntimeDefaultsAreTheCatalogues(ModuleDefinition module, Type type)
    {
        var parameters = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters();
        foreach (var argument in module.Arguments.Where(a => !a.Positional))
        {
            var parameter = parameters.FirstOrDefault(p => p.Name == argument.CSharpName);
            Assert.True(parameter is not null, $"{module.Name} has no parameter '{argument.CSharpName}'");
            var expected = argument.Default switch
            {
                BoolValue flag => flag.Value,
                DoubleValue number => number.Value,
                ChannelsValue { Channels: ConstantChannels constant } => constant.Value,
                PairValue => (object?)null, // TorchSharp's pairs default to null, meaning the catalogue's value
                _ => throw new InvalidOperationException($"{module.Name}.{argument.Name}: no default"),
            };
            Assert.Equal(expected, parameter!.DefaultValue);
        }
    }

    /// <summary>The catalogue's list holds every module it defines: a definition left out of <c>All</c> fails here.</summary>
    [Fact]
    public void TheCataloguesListHoldsEveryDefinition()
    {
        var defined = typeof(ModuleCatalog).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ModuleDefinition))
            .Select(f => (ModuleDefinition)f.GetValue(null)!)
            .ToList();
        Assert.NotEmpty(defined);
        Assert.Equal(defined.Select(d => d.Name).Order(StringComparer.Ordinal), ModuleCatalog.All.Select(d => d.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Every argument a rule refers to, read by reflection from its properties, so a new kind of rule (or a new
    /// argument of one) is checked with no edit here.
    /// </summary>
    private static IEnumerable<ModuleArgument> Arguments(OnnxRule rule) =>
        rule.GetType().GetProperties()
            .Where(p => p.PropertyType == typeof(ModuleArgument))
            .Select(p => p.GetValue(rule))
            .OfType<ModuleArgument>();

    private static IEnumerable<LibraryModule> Modules(ModuleSpec module) => module switch
    {
        LibraryModule library => new[] { library },
        SequentialModule sequential => sequential.Items.SelectMany(i => Modules(i.Module)),
        _ => Array.Empty<LibraryModule>(),
    };
}
