using static TorchSharp.torch;

namespace Inception.Runtime;

/// <summary>
/// The logits of an auxiliary classifier from one training-mode forward pass, with the weight
/// its loss gets in the total loss (0.3 for GoogLeNet's heads).
/// </summary>
/// <param name="Name">The head's layer name, e.g. <c>aux1</c> or <c>AuxLogits</c>.</param>
/// <param name="LossWeight">Factor applied to this head's loss before adding it to the main loss.</param>
/// <param name="Logits">The head's output, N x classes.</param>
public sealed record AuxiliaryOutput(string Name, double LossWeight, Tensor Logits);
