using Inception.Compiler.Plan.Modules;

namespace Inception.Compiler.Tests;

/// <summary>Each ONNX rule declares what int8 quantization does with its node; the rewriter reads only that.</summary>
public sealed class Int8RoleTests
{
    [Fact]
    public void EveryRuleOfTheCatalogueDeclaresTheRoleOfItsKind()
    {
        var rules = ModuleCatalog.All.SelectMany(m => m.Onnx.Select(r => (Module: m.Name, Rule: r))).ToList();
        Assert.NotEmpty(rules);
        foreach (var (module, rule) in rules)
        {
            // Written from the QDQ form ONNX Runtime fuses, not read back from the rules.
            var expected = rule switch
            {
                OnnxConv => Int8Role.WeightsPerChannel,
                OnnxGemm => Int8Role.WeightsPerTensor,
                OnnxRelu => Int8Role.FoldsAsClamp,
                OnnxBatchNorm => Int8Role.FoldsAsNormalization,
                OnnxPool { Kind: OnnxPoolKind.Max } => Int8Role.SharesScale,
                OnnxPool { Kind: OnnxPoolKind.Average } => Int8Role.AveragesAsConvolution,
                OnnxFlatten or OnnxIdentity => Int8Role.SharesScale,
                OnnxAdaptiveAveragePool => Int8Role.Float,
                _ => throw new InvalidOperationException($"{module}: no expectation for {rule.GetType().Name}"),
            };
            Assert.True(expected == rule.Int8, $"{module}'s {rule.GetType().Name}: {rule.Int8}, expected {expected}");
        }

        // Every kind of role that a rule can declare is declared by some module of the catalogue.
        var declared = rules.Select(r => r.Rule.Int8).ToHashSet();
        foreach (var role in new[] { Int8Role.WeightsPerChannel, Int8Role.WeightsPerTensor, Int8Role.FoldsAsClamp, Int8Role.FoldsAsNormalization, Int8Role.SharesScale, Int8Role.AveragesAsConvolution })
        {
            Assert.Contains(role, declared);
        }
    }
}
