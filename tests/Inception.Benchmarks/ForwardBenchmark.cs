using System.Diagnostics;
using Inception.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Inception.Benchmarks;

/// <summary>Generated InceptionV3 against TorchVision's inception_v3: eval forward, same weights, batch 8 at 299.</summary>
internal static class ForwardBenchmark
{
    public static void Run(int rounds)
    {
        using var reference = torchvision.models.inception_v3();
        using var generated = new InceptionV3(auxLogits: true);
        generated.load_state_dict(reference.state_dict(), strict: true);
        reference.eval();
        generated.eval();
        random.manual_seed(1);
        using var input = randn(8, 3, 299, 299);

        var referenceTimes = new List<double>();
        var generatedTimes = new List<double>();
        using (no_grad())
        {
            Time(reference, input);
            Time(generated, input);
            for (var round = 0; round < rounds; round++)
            {
                // Alternate which goes first, so neither always runs on a cooler cache.
                if (round % 2 == 0)
                {
                    referenceTimes.Add(Time(reference, input));
                    generatedTimes.Add(Time(generated, input));
                }
                else
                {
                    generatedTimes.Add(Time(generated, input));
                    referenceTimes.Add(Time(reference, input));
                }
            }
        }

        var referenceMedian = Statistics.Median(referenceTimes);
        var generatedMedian = Statistics.Median(generatedTimes);
        Console.WriteLine($"forward: InceptionV3 eval, batch 8 at 299x299, {rounds} alternating rounds, {torch.get_num_threads()} threads");
        Console.WriteLine($"  torchvision inception_v3: median {referenceMedian:F1} ms");
        Console.WriteLine($"  generated InceptionV3:    median {generatedMedian:F1} ms");
        Console.WriteLine($"  speed ratio (torchvision time / generated time): {referenceMedian / generatedMedian:F3}");
    }

    private static double Time(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        var watch = Stopwatch.StartNew();
        using var output = model.call(input);
        _ = output.sum().item<float>();
        return watch.Elapsed.TotalMilliseconds;
    }
}
