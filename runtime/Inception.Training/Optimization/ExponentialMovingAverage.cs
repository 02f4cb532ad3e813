using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Runtime.Weights;
using static TorchSharp.torch;

namespace Inception.Training.Optimization;

/// <summary>
/// A running average of a model's weights, for evaluation: the Rethinking paper evaluates "using a
/// running average of the parameters computed over time". Every floating-point state_dict entry
/// is averaged (batch-norm running statistics too, so they match the averaged weights); integer
/// entries such as <c>num_batches_tracked</c> are copied.
/// </summary>
public sealed class ExponentialMovingAverage : IDisposable
{
    private readonly Dictionary<string, Tensor> average;

    /// <param name="model">The model whose weights are averaged; the average starts as a copy of them.</param>
    /// <param name="decay">Weight of the old average at each update, e.g. 0.9999.</param>
    /// <param name="warmUp">
    /// Use TensorFlow's <c>num_updates</c> rule, decay = min(<paramref name="decay"/>, (1 + n) / (10 + n))
    /// after n updates, so that early averages are not dominated by the random initial weights.
    /// </param>
    public ExponentialMovingAverage(nn.Module model, double decay, bool warmUp = true)
    {
        if (decay is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must lie in [0, 1).");
        }

        Decay = decay;
        WarmUp = warmUp;
        using var noGrad = no_grad();
        average = model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone());
    }

    /// <summary>The decay once warm-up is over.</summary>
    public double Decay { get; }

    /// <summary>Whether the decay ramps up with the number of updates.</summary>
    public bool WarmUp { get; }

    /// <summary>How many times <see cref="Update"/> has run.</summary>
    public long Updates { get; private set; }

    /// <summary>The decay the next <see cref="Update"/> applies.</summary>
    public double CurrentDecay => WarmUp ? Math.Min(Decay, (1.0 + Updates) / (10.0 + Updates)) : Decay;

    /// <summary>The averaged state_dict; owned by this object.</summary>
    public IReadOnlyDictionary<string, Tensor> State => average;

    /// <summary>average ← d · average + (1 − d) · weights, with d = <see cref="CurrentDecay"/>.</summary>
    public void Update(nn.Module model)
    {
        var decay = CurrentDecay;
        using var noGrad = no_grad();
        foreach (var (key, weights) in model.state_dict())
        {
            var averaged = average[key];
            if (averaged.is_floating_point())
            {
                averaged.mul_(decay).add_(weights, alpha: 1 - decay);
            }
            else
            {
                averaged.copy_(weights);
            }
        }

        Updates++;
    }

    /// <summary>
    /// Puts the averaged weights into <paramref name="model"/> until the returned object is
    /// disposed, which puts the model's own weights back bit for bit. <see cref="State"/> keeps
    /// the average meanwhile.
    /// </summary>
    public IDisposable SwapInto(nn.Module model)
    {
        var own = new Dictionary<string, Tensor>();
        using var noGrad = no_grad();
        foreach (var (key, weights) in model.state_dict())
        {
            own[key] = weights.detach().clone();
            weights.copy_(average[key]);
        }

        return new OwnWeights(model, own);
    }

    /// <summary>Replaces the average and the update count, e.g. from a checkpoint.</summary>
    /// <exception cref="WeightMismatchException">The keys or shapes differ from the model's; nothing changes.</exception>
    public void Restore(IReadOnlyDictionary<string, Tensor> state, long updates, string origin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(updates);
        var mismatch = WeightMismatch.Between(average, state);
        if (!mismatch.IsEmpty)
        {
            throw new WeightMismatchException(origin, mismatch);
        }

        using var noGrad = no_grad();
        foreach (var (key, averaged) in average)
        {
            averaged.copy_(state[key]);
        }

        Updates = updates;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in average.Values)
        {
            tensor.Dispose();
        }

        average.Clear();
    }

    /// <summary>A model's own weights, held while the average stands in for them.</summary>
    private sealed class OwnWeights(nn.Module model, Dictionary<string, Tensor> weights) : IDisposable
    {
        public void Dispose()
        {
            if (weights.Count == 0)
            {
                return;
            }

            using var noGrad = no_grad();
            foreach (var (key, current) in model.state_dict())
            {
                current.copy_(weights[key]);
            }

            foreach (var held in weights.Values)
            {
                held.Dispose();
            }

            weights.Clear();
        }
    }
}
