using System.Text.Json.Nodes;

namespace Leuka.Testing;

/// <summary>Finds files shipped in the repository (examples, data) from a test or benchmark output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    /// <summary>A shipped example's JSON with an edit applied (tests that vary one field of a real scenario).</summary>
    public static string ExampleJson(string name, Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var json = JsonNode.Parse(File.ReadAllText(Example(name)))!.AsObject();
        edit(json);
        return json.ToJsonString();
    }

    public static string[] Examples() => Directory.GetFiles(Path.Combine(Root, "examples"), "*.json").Order(StringComparer.Ordinal).ToArray();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Leuka.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Leuka.slnx not found above " + AppContext.BaseDirectory);
    }
}
