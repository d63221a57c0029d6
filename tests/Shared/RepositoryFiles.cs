namespace Leuka.Testing;

/// <summary>Finds files shipped in the repository (examples, data) from a test or benchmark output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Example(string name) => Path.Combine(Root, "examples", name);

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
