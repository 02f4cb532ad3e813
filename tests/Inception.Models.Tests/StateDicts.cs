namespace Inception.Models.Tests;

internal static class StateDicts
{
    /// <summary>Every state_dict entry as key -> shape, for comparing two modules' layouts.</summary>
    public static SortedDictionary<string, string> Layout(nn.Module module) =>
        new(module.state_dict().ToDictionary(e => e.Key, e => string.Join("x", e.Value.shape)), StringComparer.Ordinal);

    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    /// <summary>Copies <paramref name="source"/>'s weights into <paramref name="target"/> by name, strictly.</summary>
    public static void CopyByName(nn.Module source, nn.Module target)
    {
        var weights = source.state_dict();
        var (missing, unexpected) = target.load_state_dict(weights, strict: true);
        Assert.Empty(missing);
        Assert.Empty(unexpected);
    }
}
