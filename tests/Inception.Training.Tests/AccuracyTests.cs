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

    [Fact]
    public void Ties_count_in_the_labels_favour()
    {
        // Row 0: every class scores the same, so no class beats the label. Row 1: two classes beat it.
        using var logits = tensor(new float[,] { { 2, 2, 2, 2, 2, 2 }, { 3, 3, 1, 1, 1, 1 } });
        using var labels = tensor(new long[] { 4, 2 });

        Assert.Equal(1, Accuracy.CorrectInTopK(logits, labels, 1));
        Assert.Equal(1, Accuracy.CorrectInTopK(logits, labels, 2));
        Assert.Equal(2, Accuracy.CorrectInTopK(logits, labels, 3));
    }

    [Fact]
    public void A_tally_of_arrays_and_of_tensors_scores_alike_over_batches()
    {
        // Two batches: row 0 of the first ranks its label first, row 1 of the first third, the second batch's row
        // sixth. The loss of a row is log(sum(exp(row))) - row[label], worked out here for the uniform row:
        // log(6 e^2) - 2 = log 6.
        var fromArrays = new ScoreTally();
        fromArrays.Add(new float[] { 9, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1 }, new long[] { 0, 2 }, 6);
        fromArrays.Add(new float[] { 2, 2, 2, 2, 2, 2 }, new long[] { 5 }, 6);
        var fromTensors = new ScoreTally();
        using (var first = tensor(new float[,] { { 9, 1, 2, 3, 4, 5 }, { 6, 5, 4, 3, 2, 1 } }))
        using (var firstLabels = tensor(new long[] { 0, 2 }))
        using (var second = tensor(new float[,] { { 2, 2, 2, 2, 2, 2 } }))
        using (var secondLabels = tensor(new long[] { 5 }))
        {
            fromTensors.Add(first, firstLabels);
            fromTensors.Add(second, secondLabels);
        }

        var expected = fromArrays.Result();
        Assert.Equal(3, expected.Images);
        Assert.Equal(2.0 / 3, expected.Top1, 12);
        Assert.Equal(1.0, expected.Top5, 12);
        var row0 = Math.Log(Math.Exp(9) + Math.Exp(1) + Math.Exp(2) + Math.Exp(3) + Math.Exp(4) + Math.Exp(5)) - 9;
        var row1 = Math.Log(Math.Exp(6) + Math.Exp(5) + Math.Exp(4) + Math.Exp(3) + Math.Exp(2) + Math.Exp(1)) - 4;
        Assert.Equal((row0 + row1 + Math.Log(6)) / 3, expected.Loss, 9);
        Assert.Equal(expected, fromTensors.Result());
        Assert.Throws<InvalidOperationException>(() => fromArrays.Add(new float[] { 1, 2, 3 }, new long[] { 0 }, 6));
    }
}
