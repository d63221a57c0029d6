using System.Reflection;

namespace Leuka.Web;

/// <summary>Scenarios built into the app: the shipped examples and the training library.</summary>
public static class Library
{
    /// <summary>A built-in scenario.</summary>
    /// <param name="Key">Its name in links (file name without extension).</param>
    /// <param name="Kind">examples or training.</param>
    /// <param name="Json">The scenario file.</param>
    public sealed record Entry(string Key, string Kind, string Json);

    private static readonly Lazy<IReadOnlyList<Entry>> Entries = new(() =>
    {
        var assembly = typeof(Library).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => new Entry(Path.GetFileNameWithoutExtension(n[(n.IndexOf('/', StringComparison.Ordinal) + 1)..]), n[..n.IndexOf('/', StringComparison.Ordinal)], Read(assembly, n)))
            .OrderBy(e => e.Kind, StringComparer.Ordinal).ThenBy(e => e.Key, StringComparer.Ordinal)];
    });

    /// <summary>Every built-in scenario.</summary>
    public static IReadOnlyList<Entry> All => Entries.Value;

    /// <summary>A built-in scenario by kind and key (null if none).</summary>
    public static Entry? Find(string kind, string key) => All.FirstOrDefault(e => e.Kind == kind && e.Key == key);

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        return new StreamReader(stream).ReadToEnd();
    }
}
