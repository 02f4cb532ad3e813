using System;
using System.Linq;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Inception.Runtime.Tests;

public sealed class InceptionNetworkTests
{
    [Fact]
    public void A_training_pass_records_each_auxiliary_head()
    {
        using var network = new TinyInception(auxLogitsEnabled: true);
        network.train();
        using var input = randn(2, 3, 8, 8);

        using var logits = network.call(input);

        var auxiliary = Assert.Single(network.AuxiliaryOutputs);
        Assert.Equal("AuxLogits", auxiliary.Name);
        Assert.Equal(0.3, auxiliary.LossWeight);
        Assert.Equal(new long[] { 2, TinyInception.Classes }, auxiliary.Logits.shape);
        Assert.Equal(new long[] { 2, TinyInception.Classes }, logits.shape);
    }

    [Fact]
    public void An_evaluation_pass_clears_the_previous_auxiliary_outputs()
    {
        using var network = new TinyInception(auxLogitsEnabled: true);
        using var input = randn(2, 3, 8, 8);
        network.train();
        using var trainingLogits = network.call(input);

        network.eval();
        using var evaluationLogits = network.call(input);

        Assert.Empty(network.AuxiliaryOutputs);
    }

    [Fact]
    public void With_auxiliary_logits_disabled_training_records_nothing()
    {
        using var network = new TinyInception(auxLogitsEnabled: false);
        network.train();
        using var input = randn(2, 3, 8, 8);

        using var logits = network.call(input);

        Assert.Empty(network.AuxiliaryOutputs);
    }

    [Fact]
    public void Recording_when_auxiliary_outputs_are_off_is_a_bug()
    {
        using var network = new TinyInception(auxLogitsEnabled: true, alwaysRunAuxiliaryHead: true);
        network.eval();
        using var input = randn(2, 3, 8, 8);

        Assert.Throws<InvalidOperationException>(() => network.call(input));
    }

    [Fact]
    public void Layers_of_a_derived_network_are_registered_by_field_name()
    {
        using var network = new TinyInception(auxLogitsEnabled: true);

        Assert.Equal(
            new[] { "stem", "AuxLogits", "fc" },
            network.named_children().Select(entry => entry.name));
    }

    /// <summary>The smallest network shaped like a generated one: a stem, an auxiliary head, a classifier.</summary>
    private sealed class TinyInception : InceptionNetwork
    {
        public const int Classes = 5;

        private readonly BasicConv2d stem;
        private readonly Linear AuxLogits;
        private readonly Linear fc;
        private readonly bool alwaysRunAuxiliaryHead;

        public TinyInception(bool auxLogitsEnabled, bool alwaysRunAuxiliaryHead = false)
            : base(nameof(TinyInception), auxLogitsEnabled)
        {
            stem = new BasicConv2d(3, 4, (3, 3), padding: (1, 1));
            AuxLogits = nn.Linear(4, Classes);
            fc = nn.Linear(4, Classes);
            this.alwaysRunAuxiliaryHead = alwaysRunAuxiliaryHead;
            RegisterComponents();
        }

        protected override Tensor ForwardCore(Tensor input)
        {
            using var features = stem.call(input);
            using var pooled = features.mean([2, 3]);
            if (ComputesAuxiliaryOutputs || alwaysRunAuxiliaryHead)
            {
                RecordAuxiliaryOutput("AuxLogits", 0.3, AuxLogits.call(pooled));
            }

            return fc.call(pooled);
        }
    }
}
