using Inception.Compiler.Emit;

namespace Inception.Compiler.View;

/// <summary>The view and diff models as JSON (schema in docs/viewer.md): what the viewer page and the editor read.</summary>
public static class ViewJson
{
    public static string Write(ArchitectureView view)
    {
        var json = new JsonWriter();
        json.BeginObject();
        json.Property("schema", ArchitectureView.Schema);
        json.Property("kind", "view");
        Totals(json, "totals", view.Totals);
        Node(json, "root", view.Root);
        json.EndObject();
        return json + "\n";
    }

    public static string Write(ArchitectureDiffView diff)
    {
        var json = new JsonWriter();
        json.BeginObject();
        json.Property("schema", ArchitectureView.Schema);
        json.Property("kind", "diff");
        Totals(json, "left", diff.Left);
        Totals(json, "right", diff.Right);
        Node(json, "root", diff.Root);
        json.EndObject();
        return json + "\n";
    }

    private static void Totals(JsonWriter json, string name, ViewTotals totals)
    {
        json.BeginObject(name);
        json.Property("network", totals.Network);
        json.Property("source", totals.Source);
        json.Property("input", totals.Input);
        json.Property("classes", totals.Classes);
        json.Property("parameters", totals.Parameters);
        json.Property("parameters_without_aux", totals.ParametersWithoutAux);
        json.Property("macs", totals.Macs);
        json.Property("aux_macs", totals.AuxMacs);
        json.EndObject();
    }

    private static void Node(JsonWriter json, string? name, ViewNode node)
    {
        json.BeginObject(name);
        json.Property("id", node.Id);
        json.Property("name", node.Name);
        json.Property("kind", node.Kind);
        json.Property("op", node.Op);
        json.OptionalProperty("call", node.Call);
        json.Property("options", node.Options);
        json.Property("input", node.Input);
        json.Property("output", node.Output);
        json.Property("parameters", node.Parameters);
        json.Property("macs", node.Macs);
        json.Property("share", node.Share);
        json.Property("activations", node.Activations);
        json.Property("auxiliary", node.Auxiliary);
        json.BeginObject("source");
        json.Property("file", node.Source.File);
        json.Property("line", node.Source.Line);
        json.Property("column", node.Source.Column);
        json.Property("end_line", node.Source.EndLine);
        json.Property("end_column", node.Source.EndColumn);
        json.EndObject();
        if (node.Change is { } change)
        {
            json.BeginObject("change");
            json.Property("status", change.Status);
            json.Strings("changes", change.Changes);
            json.Property("parameters_delta", change.ParameterDelta);
            json.Property("macs_delta", change.MacDelta);
            json.OptionalProperty("previous_output", change.PreviousOutput);
            json.OptionalProperty("previous_name", change.PreviousName);
            json.EndObject();
        }

        if (node.Children.Count > 0)
        {
            json.Property("layout", node.Layout);
            json.BeginArray("children");
            foreach (var child in node.Children)
            {
                Node(json, null, child);
            }

            json.EndArray();
            json.BeginArray("edges");
            foreach (var edge in node.Edges)
            {
                json.BeginObject();
                json.Property("from", edge.From);
                json.Property("to", edge.To);
                json.Property("shape", edge.Shape);
                json.Property("auxiliary", edge.Auxiliary);
                json.EndObject();
            }

            json.EndArray();
        }

        json.EndObject();
    }
}
