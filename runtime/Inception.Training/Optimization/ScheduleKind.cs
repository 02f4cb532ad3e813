namespace Inception.Training.Optimization;

/// <summary>How the learning rate moves through a run.</summary>
public enum ScheduleKind
{
    /// <summary>The papers' step decay, per epoch (<see cref="LearningRateSchedule"/>).</summary>
    StepDecay,

    /// <summary>
    /// A linear warmup, then a linear decay to zero at the run's end (<see cref="WarmupLinearDecay"/>), set before
    /// every step: the schedule of the speed-training records, which needs to know where the run ends (its epochs
    /// or its time budget).
    /// </summary>
    WarmupLinearDecay,
}
