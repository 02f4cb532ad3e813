using Inception.Compiler;
using Inception.Dynamic;
using Inception.Models.Tests.Generated;

namespace Inception.Models.Tests;

/// <summary>The arithmetic of <c>residual</c>: <c>out = act(shortcut(x) + scale * body(x))</c>, in the generated class and at run time.</summary>
public sealed class ResidualTests
{
    [Fact]
    public void AZeroBodyLeavesTheShortcut()
    {
        foreach (var network in Both())
        {
            using (no_grad())
            {
                foreach (var (name, parameter) in network.named_parameters().Where(p => p.name.StartsWith("body.", StringComparison.Ordinal)))
                {
                    parameter.zero_();
                }
            }

            var input = randn(2, 4, 6, 6);
            var (residual, _) = Run(network, input);
            Assert.True(residual.allclose(input, rtol: 0, atol: 0), "with a zero body the residual must pass its input through exactly");
            network.Dispose();
        }
    }

    [Fact]
    public void TheBodysContributionIsScaledByExactlyTheScale()
    {
        foreach (var network in Both())
        {
            var input = randn(2, 4, 6, 6);
            var (residual, body) = Run(network, input);

            // ScaledResidual declares scale=0.5: the output is the input plus half the body's output.
            var expected = (body * 0.5) + input;
            Assert.True(residual.allclose(expected, rtol: 0, atol: 0), "out must be body * 0.5 + x");
            Assert.False(body.allclose(zeros_like(body)), "the check needs a body that is not zero");
            network.Dispose();
        }
    }

    private static IEnumerable<nn.Module<Tensor, Tensor>> Both()
    {
        yield return new ScaledResidual();
        yield return NetworkBuilder.Build(Compilation.CompileFile(Path.Combine(AppContext.BaseDirectory, "Constructs", "constructs.incept")), "ScaledResidual");
    }

    /// <summary>The residual's output (what the pool sees) and the body's own output, from forward hooks.</summary>
    private static (Tensor Residual, Tensor Body) Run(nn.Module<Tensor, Tensor> network, Tensor input)
    {
        var modules = network.named_children().ToDictionary(c => c.name, c => c.module);
        Tensor? pooled = null;
        Tensor? body = null;
        var poolHook = ((nn.Module<Tensor, Tensor>)modules["global_avgpool_1"]).register_forward_pre_hook((_, x) => { pooled = x.detach().clone().DetachFromDisposeScope(); return x; });
        var bodyHook = ((nn.Module<Tensor, Tensor>)modules["body"]).register_forward_hook((_, _, y) => { body = y.detach().clone().DetachFromDisposeScope(); return y; });
        network.eval();
        using (no_grad())
        {
            network.call(input).Dispose();
        }

        poolHook.remove();
        bodyHook.remove();
        return (pooled!, body!);
    }
}
