using Inception.Compiler.IR;

namespace Inception.Compiler.Emit;

/// <summary>A network's identity and totals as JSON properties: what <c>stats</c> and each side of <c>diff</c> report of it.</summary>
internal static class NetworkSummary
{
    public static void Write(JsonWriter json, NetworkIr network)
    {
        json.Property("model", network.Name);
        json.Property("source", network.SourcePath);
        json.Numbers("input", new[] { network.Input.Channels, network.Input.Height, network.Input.Width });
        json.Property("classes", network.Classes);
        json.Property("parameters", network.Parameters);
        json.Property("aux_parameters", network.AuxParameters);
        json.Property("parameters_without_aux", network.Parameters - network.AuxParameters);
        json.Property("macs", network.Macs);
        json.Property("flops", network.Flops);
        json.Property("aux_macs", network.AuxMacs);
    }
}
