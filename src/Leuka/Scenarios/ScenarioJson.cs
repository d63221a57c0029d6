using System.Text.Json.Nodes;

namespace Leuka.Scenarios;

/// <summary>Editing scenario JSON by dotted path (validation cohorts, planned days).</summary>
public static class ScenarioJson
{
    /// <summary>Sets a dotted path (e.g. <c>procedure.stop.processedVolume</c>) in place, creating objects on the way.</summary>
    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject next)
            {
                next = [];
                node[part] = next;
            }

            node = next;
        }

        node[parts[^1]] = value;
    }
}
