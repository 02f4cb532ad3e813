namespace Inception.Training;

/// <summary>
/// Where a run stands: the epoch under way and how far into it, with the running sums of that
/// epoch so its metrics come out whole after a resume. A finished epoch leaves Batch 0 of the next.
/// </summary>
/// <param name="Epoch">The index of the epoch under way, from 0.</param>
/// <param name="Batch">Training batches of that epoch already done.</param>
/// <param name="LossSum">Sum over those batches of the mean batch loss times the batch size.</param>
/// <param name="Correct">Top-1 hits among their images.</param>
/// <param name="Images">Images in those batches.</param>
/// <param name="Seconds">Training time spent on them.</param>
/// <param name="RunSeconds">Wall-clock time of the whole run so far, evaluations and saves included: what a time budget counts.</param>
public sealed record TrainingPosition(int Epoch, int Batch, double LossSum, long Correct, long Images, double Seconds, double RunSeconds = 0)
{
    /// <summary>The start of a run.</summary>
    public static TrainingPosition Start { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>The start of the epoch after this one.</summary>
    public TrainingPosition NextEpoch() => Start with { Epoch = Epoch + 1, RunSeconds = RunSeconds };
}
