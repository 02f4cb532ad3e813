namespace Inception.Training.Optimization;

/// <summary>The optimisers of the two papers.</summary>
public enum OptimizerKind
{
    /// <summary>RMSProp as in the Rethinking paper: decay 0.9, ε 1.0, learning rate 0.045 × 0.94 every two epochs.</summary>
    RmsProp,

    /// <summary>SGD with momentum 0.9 as in the GoogLeNet paper, learning rate decreased 4% every 8 epochs.</summary>
    Sgd,
}
