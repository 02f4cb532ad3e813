namespace Inception.Training.Tests;

internal static class StateDicts
{
    /// <summary>A detached copy of every state_dict entry, to compare with later.</summary>
    public static Dictionary<string, Tensor> Snapshot(nn.Module module) =>
        module.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone());

    /// <summary>Keys of entries that are not bitwise equal (same keys assumed).</summary>
    public static List<string> Differences(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual) =>
        expected.Where(entry => !entry.Value.Equals(actual[entry.Key])).Select(entry => entry.Key).ToList();

    public static void Dispose(Dictionary<string, Tensor> snapshot)
    {
        foreach (var tensor in snapshot.Values)
        {
            tensor.Dispose();
        }
    }
}
