using System;

namespace Inception.Onnx.Quantization;

/// <summary>A range of real values one tensor is quantized over.</summary>
public readonly record struct TensorRange(float Min, float Max)
{
    public TensorRange Union(TensorRange other) => new(Math.Min(Min, other.Min), Math.Max(Max, other.Max));
}

/// <summary>
/// What calibration learns about one tensor, batch by batch: its smallest and largest value, and a histogram
/// of magnitudes over [0, the largest magnitude so far] for the percentile method; when a batch reaches
/// further, the histogram is re-binned onto the wider span, so memory stays <see cref="Bins"/> counts.
/// </summary>
internal sealed class RangeCollector
{
    public const int Bins = 2048;

    private readonly double[] _counts = new double[Bins];
    private float _min = float.PositiveInfinity;
    private float _max = float.NegativeInfinity;
    private float _span;
    private long _seen;

    public void Add(ReadOnlySpan<float> values)
    {
        var batchMax = 0f;
        foreach (var value in values)
        {
            if (float.IsNaN(value) || float.IsInfinity(value))
            {
                throw new InvalidOperationException("calibration produced a value that is not finite (NaN or infinity): the weights or the images are damaged");
            }

            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
            batchMax = Math.Max(batchMax, Math.Abs(value));
        }

        if (batchMax > _span)
        {
            Widen(batchMax);
        }

        if (_span == 0)
        {
            _counts[0] += values.Length;
        }
        else
        {
            var perBin = Bins / _span;
            foreach (var value in values)
            {
                _counts[Math.Min(Bins - 1, (int)(Math.Abs(value) * perBin))]++;
            }
        }

        _seen += values.Length;
    }

    /// <summary>The range the method chooses; every range holds 0, which must be exact in uint8.</summary>
    public TensorRange Range(CalibrationMethod method)
    {
        if (_seen == 0)
        {
            return new TensorRange(0, 0);
        }

        var (min, max) = (Math.Min(_min, 0), Math.Max(_max, 0));
        if (method == CalibrationMethod.MinMax || _span == 0)
        {
            return new TensorRange(min, max);
        }

        var keep = _seen * OnnxQuantization.Percentile / 100;
        double cumulative = 0;
        var bin = 0;
        while (bin < Bins - 1 && (cumulative += _counts[bin]) < keep)
        {
            bin++;
        }

        var bound = _span * (bin + 1) / Bins;
        return new TensorRange(Math.Max(min, -bound), Math.Min(max, bound));
    }

    /// <summary>Moves the counts onto [0, <paramref name="span"/>], each old bin's count to the bin holding its centre (with no span yet, all counts are of zeros, in bin 0).</summary>
    private void Widen(float span)
    {
        if (_span > 0)
        {
            var moved = new double[Bins];
            for (var i = 0; i < Bins; i++)
            {
                var centre = (i + 0.5) * _span / Bins;
                moved[Math.Min(Bins - 1, (int)(centre * Bins / span))] += _counts[i];
            }

            Array.Copy(moved, _counts, Bins);
        }

        _span = span;
    }
}
