using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Inception.Runtime;

/// <summary>
/// Base of the generated Inception networks. <see cref="nn.Module{T, TResult}.forward"/> returns
/// the main logits only, like an evaluation-mode torchvision model; the auxiliary heads' logits of
/// a training-mode pass are exposed separately so that a training loop can weigh their losses.
/// </summary>
public abstract class InceptionNetwork : nn.Module<Tensor, Tensor>
{
    private readonly List<AuxiliaryOutput> auxiliaryOutputs = new();

    /// <param name="name">The module's type name.</param>
    /// <param name="auxLogitsEnabled">Whether the auxiliary heads run in training mode.</param>
    protected InceptionNetwork(string name, bool auxLogitsEnabled)
        : base(name)
    {
        // Before this process's first convolution: some CPUs need another engine to compute them right.
        Convolutions.ConvolutionSelfCheck.EnsureVerified();
        AuxLogitsEnabled = auxLogitsEnabled;
    }

    /// <summary>
    /// Whether the auxiliary heads run in training mode (torchvision's <c>aux_logits</c>). Not
    /// named <c>AuxLogits</c>: Inception-v3's auxiliary head is a layer with that name.
    /// </summary>
    public bool AuxLogitsEnabled { get; }

    /// <summary>The auxiliary heads' outputs of the latest forward pass; empty after an evaluation-mode pass.</summary>
    public IReadOnlyList<AuxiliaryOutput> AuxiliaryOutputs => auxiliaryOutputs;

    /// <summary>Whether the current forward pass should run the auxiliary heads.</summary>
    protected bool ComputesAuxiliaryOutputs => AuxLogitsEnabled && training;

    /// <inheritdoc />
    public sealed override Tensor forward(Tensor input)
    {
        // The caller owns the previous pass's tensors (usually through a dispose scope): forget, don't dispose.
        auxiliaryOutputs.Clear();
        return ForwardCore(input);
    }

    /// <summary>The network's forward pass; call <see cref="RecordAuxiliaryOutput"/> for each auxiliary head.</summary>
    protected abstract Tensor ForwardCore(Tensor input);

    /// <summary>Keeps an auxiliary head's logits; call only when <see cref="ComputesAuxiliaryOutputs"/>.</summary>
    protected void RecordAuxiliaryOutput(string name, double lossWeight, Tensor logits)
    {
        if (!ComputesAuxiliaryOutputs)
        {
            throw new InvalidOperationException(
                $"Auxiliary head '{name}' ran although auxiliary outputs are off (AuxLogitsEnabled={AuxLogitsEnabled}, training={training}).");
        }

        auxiliaryOutputs.Add(new AuxiliaryOutput(name, lossWeight, logits));
    }
}
