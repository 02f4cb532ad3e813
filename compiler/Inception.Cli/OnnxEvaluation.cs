using Inception.Onnx;

namespace Inception.Cli;

/// <summary>Top-1, top-5 and mean cross-entropy of an ONNX model's logits, counted as the trainer counts them for a .NET model.</summary>
internal sealed record OnnxEvaluation(double Loss, double Top1, double Top5, long Images)
{
    public static OnnxEvaluation Run(OnnxModel model, IEnumerable<(float[] Images, long[] Labels, int Count)> batches, int classes)
    {
        double loss = 0;
        long top1 = 0, top5 = 0, images = 0;
        foreach (var (values, labels, count) in batches)
        {
            var logits = model.Run(values, count);
            if (logits.Length != count * classes)
            {
                throw new InvalidOperationException($"the model gives {logits.Length / count} scores per image, and the data set has {classes} classes");
            }

            for (var i = 0; i < count; i++)
            {
                var row = new ReadOnlySpan<float>(logits, i * classes, classes);
                var label = (int)labels[i];
                var largest = float.NegativeInfinity;
                foreach (var value in row)
                {
                    largest = Math.Max(largest, value);
                }

                double sum = 0;
                var above = 0;
                foreach (var value in row)
                {
                    sum += Math.Exp(value - largest);
                    above += value > row[label] ? 1 : 0;
                }

                // The rank of the true class: ties count in its favour, as torch.topk's order does not decide them.
                loss += Math.Log(sum) + largest - row[label];
                top1 += above < 1 ? 1 : 0;
                top5 += above < 5 ? 1 : 0;
            }

            images += count;
        }

        return new OnnxEvaluation(loss / images, (double)top1 / images, (double)top5 / images, images);
    }
}
