using System;
using System.Collections.Generic;
using Inception.Training.Data;
using Inception.Training.Metrics;

namespace Inception.Onnx;

/// <summary>An ONNX model on prepared batches, its logits scored by the trainer's own <see cref="ScoreTally"/>: the one evaluation of <c>eval --onnx</c>.</summary>
public static class OnnxEvaluation
{
    /// <param name="width">The images' width, for <paramref name="flip"/>.</param>
    /// <param name="flip">Each image's logits are the mean of its own and its mirror image's, as the trainer's test-time flip.</param>
    public static Evaluation Run(OnnxModel model, IEnumerable<InputBatch> batches, int classes, int width = 0, bool flip = false)
    {
        var tally = new ScoreTally();
        foreach (var (values, labels, count) in batches)
        {
            var logits = model.Run(values, count);
            if (flip)
            {
                var mirrored = model.Run(Mirror(values, width), count);
                for (var i = 0; i < logits.Length; i++)
                {
                    logits[i] = (logits[i] + mirrored[i]) / 2;
                }
            }

            tally.Add(logits, labels, classes);
        }

        return tally.Result();
    }

    /// <summary>The images mirrored left to right: every row of <paramref name="width"/> values reversed.</summary>
    private static float[] Mirror(float[] values, int width)
    {
        var mirrored = (float[])values.Clone();
        for (var start = 0; start + width <= mirrored.Length; start += width)
        {
            Array.Reverse(mirrored, start, width);
        }

        return mirrored;
    }
}
