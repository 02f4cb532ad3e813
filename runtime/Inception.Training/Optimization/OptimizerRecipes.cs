using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inception.Training.Optimization;

/// <summary>The optimiser settings and learning-rate schedules of the GoogLeNet and Rethinking papers.</summary>
public static class OptimizerRecipes
{
    /// <summary>RMSProp's decay (TorchSharp's alpha) in the Rethinking paper.</summary>
    public const double RmsPropDecay = 0.9;

    /// <summary>
    /// RMSProp's ε in the Rethinking paper. The paper used TensorFlow, which adds ε inside the square
    /// root (g / √(v + ε)); TorchSharp, like PyTorch, adds it outside (g / (√v + ε)). With ε = 1 both
    /// damp steps while v is small; they are not numerically identical.
    /// </summary>
    public const double RmsPropEpsilon = 1.0;

    /// <summary>The Rethinking paper's initial learning rate.</summary>
    public const double RmsPropLearningRate = 0.045;

    /// <summary>GoogLeNet's momentum.</summary>
    public const double SgdMomentum = 0.9;

    /// <summary>
    /// The SGD default learning rate. The GoogLeNet paper gives the schedule but not the initial
    /// rate; 0.01 is the usual choice for SGD with momentum 0.9 on these networks.
    /// </summary>
    public const double SgdLearningRate = 0.01;

    /// <summary>The paper's schedule for <paramref name="kind"/>, starting at <paramref name="learningRate"/> or the paper's rate.</summary>
    public static LearningRateSchedule Schedule(OptimizerKind kind, double? learningRate = null) => kind switch
    {
        OptimizerKind.RmsProp => new LearningRateSchedule(learningRate ?? RmsPropLearningRate, 0.94, 2),
        OptimizerKind.Sgd => new LearningRateSchedule(learningRate ?? SgdLearningRate, 0.96, 8),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer."),
    };

    /// <summary>
    /// Creates the optimiser of <paramref name="kind"/> with the paper's settings at <paramref name="learningRate"/>;
    /// <paramref name="nesterov"/> (SGD only) and <paramref name="weightDecay"/> are what the fast recipe adds.
    /// </summary>
    public static OptimizerHelper Create(OptimizerKind kind, IEnumerable<Parameter> parameters, double learningRate, bool nesterov = false, double weightDecay = 0) => kind switch
    {
        OptimizerKind.RmsProp => optim.RMSProp(parameters, lr: learningRate, alpha: RmsPropDecay, eps: RmsPropEpsilon, weight_decay: weightDecay),
        OptimizerKind.Sgd => optim.SGD(parameters, learningRate, momentum: SgdMomentum, weight_decay: weightDecay, nesterov: nesterov),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer."),
    };

    /// <summary>Sets every parameter group's learning rate, for the start of an epoch.</summary>
    public static void SetLearningRate(OptimizerHelper optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
    }
}
