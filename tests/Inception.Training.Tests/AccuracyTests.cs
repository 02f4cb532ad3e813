using Inception.Training.Metrics;

namespace Inception.Training.Tests;

public sealed class AccuracyTests
{
    // Row 0 ranks its label first, row 1 third, row 2 sixth (last).
    private static readonly float[,] Logits =
    {
        { 9, 1, 2, 3, 4, 5 },
        { 6, 5, 4, 3, 2, 1 },
        { 1, 2, 3, 4, 5, 6 },
    };

    [Fact]
    public void Top1_counts_rows_whose_label_scores_highest()
    {
        using var logits = tensor(Logits);
        using var labels = tensor(new long[] { 0, 2, 0 });

        Assert.Equal(1, Accuracy.CorrectInTopK(logits, labels, 1));
    }

    [Fact]
    public void Top5_counts_rows_whose_label_is_among_the_five_highest()
    {
        using var logits = tensor(Logits);
        using var labels = tensor(new long[] { 0, 2, 0 });

        Assert.Equal(2, Accuracy.CorrectInTopK(logits, labels, 5));
    }

    [Fact]
    public void With_fewer_classes_than_k_every_row_counts()
    {
        using var logits = tensor(new float[,] { { 1, 2, 3 }, { 3, 2, 1 } });
        using var labels = tensor(new long[] { 0, 2 });

        Assert.Equal(2, Accuracy.CorrectInTopK(logits, labels, 5));
    }
}
