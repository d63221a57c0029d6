using System.Text.RegularExpressions;
using System.Xml.Linq;
using Leuka.Testing;
using Leuka.Tools;

namespace Leuka.Tests.Repository;

/// <summary>The repository explains itself and keeps its layers: rules a reviewer would otherwise check by hand.</summary>
public sealed partial class RepositoryTests
{
    private static IEnumerable<string> Sources(string under) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, under), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public void The_generated_quantities_file_is_what_the_generator_writes()
    {
        var path = Path.Combine(RepositoryFiles.Root, QuantitiesGenerator.OutputPath);
        var generated = QuantitiesGenerator.Generate();
        if (Environment.GetEnvironmentVariable("LEUKA_WRITE_GENERATED") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(generated == File.ReadAllText(path), $"{QuantitiesGenerator.OutputPath} is out of date: run tools/generate-quantities");
    }

    [Fact]
    public void Every_document_the_code_cites_is_in_the_repository()
    {
        var missing = new List<string>();
        var outside = new List<string>();
        foreach (var file in Sources("src").Concat(Sources("tests")).Concat(Sources("bench")).Where(f => !f.EndsWith("RepositoryTests.cs", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            var name = Path.GetRelativePath(RepositoryFiles.Root, file);
            missing.AddRange(DocPath().Matches(text).Select(m => m.Value).Where(d => !File.Exists(Path.Combine(RepositoryFiles.Root, d))).Select(d => $"{name}: {d}"));
            outside.AddRange(Outside().Matches(text).Select(m => $"{name}: {m.Value}"));
        }

        Assert.True(missing.Count == 0, "cited but not in the repository:\n" + string.Join("\n", missing));
        Assert.True(outside.Count == 0, "citations of files outside the repository:\n" + string.Join("\n", outside));
    }

    [Fact]
    public void The_domain_library_does_no_input_or_output_and_no_project_depends_on_one_above_it()
    {
        var io = Sources("src/Leuka")
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (f, line, i)))
            .Where(x => ForbiddenInDomain().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(RepositoryFiles.Root, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(io.Count == 0, "I/O, JSON or parallelism in the domain library:\n" + string.Join("\n", io));

        // Layers, lowest first; a project may reference only projects before it.
        string[] layers = ["Leuka", "Leuka.Formats", "Leuka.Validation", "Leuka.Cohorts", "Leuka.Records", "Leuka.Fhir", "Leuka.Web", "Leuka.Cli"];
        for (var i = 0; i < layers.Length; i++)
        {
            var project = XDocument.Load(Path.Combine(RepositoryFiles.Root, "src", layers[i], layers[i] + ".csproj"));
            foreach (var reference in project.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/'))))
            {
                var at = Array.IndexOf(layers, reference);
                Assert.True(at >= 0 && at < i, $"{layers[i]} references {reference}, which is not below it");
            }
        }
    }

    [Fact]
    public void Separation_depends_on_nothing_above_patients_and_quantities()
    {
        var above = Sources("src/Leuka/Separation")
            .SelectMany(f => File.ReadAllLines(f).Where(l => l.StartsWith("using Leuka.", StringComparison.Ordinal)).Select(l => (f, l)))
            .Where(x => x.l is not ("using Leuka.Patients;" or "using Leuka.Quantities;"))
            .Select(x => $"{Path.GetFileName(x.f)}: {x.l}")
            .ToList();
        Assert.True(above.Count == 0, string.Join("\n", above));
    }

    [Fact]
    public void No_handwritten_source_file_is_over_500_lines_and_the_engine_facade_is_at_most_300()
    {
        var long_ = Sources("src").Concat(Sources("tests")).Concat(Sources("bench"))
            .Where(f => !f.EndsWith(".g.cs", StringComparison.Ordinal))
            .Select(f => (f, n: File.ReadAllLines(f).Length))
            .Where(x => x.n > 500)
            .Select(x => $"{Path.GetRelativePath(RepositoryFiles.Root, x.f)}: {x.n} lines")
            .ToList();
        Assert.True(long_.Count == 0, string.Join("\n", long_));
        Assert.InRange(File.ReadAllLines(Path.Combine(RepositoryFiles.Root, "src/Leuka/Procedure/ProcedureEngine.cs")).Length, 1, 300);
    }

    [Fact]
    public void Every_registered_code_is_documented_on_its_models_page()
    {
        var pages = new Dictionary<CodeKind, string>
        {
            [CodeKind.Alarm] = "docs/model/procedure.md",
            [CodeKind.RunWarning] = "docs/model/procedure.md",
            [CodeKind.InputWarning] = "docs/model/scenario-inputs.md",
            [CodeKind.Finding] = "docs/model/safety.md",
        };
        var missing = Codes.All
            .SelectMany(c => c.Kinds.Select(k => (c.Name, Page: pages[k])))
            .Where(x => !File.ReadAllText(Path.Combine(RepositoryFiles.Root, x.Page)).Contains($"`{x.Name}`", StringComparison.Ordinal))
            .Select(x => $"{x.Name} is not in {x.Page}")
            .ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
        Assert.Equal(Codes.All.Count, Codes.All.Select(c => c.Name).Distinct().Count());
    }

    [GeneratedRegex(@"docs/[A-Za-z0-9_./-]+\.(md|csv|json)")]
    private static partial Regex DocPath();

    // Files that live outside this repository, or bare section citations that do not say where.
    [GeneratedRegex(@"\.\./shared|(?<![/\w.])MODEL-DATA|(?<![/\w.])PUBLISHED-CASES|(?<!scenario\.md )\b(spec|contract) §|\bthe issue\b")]
    private static partial Regex Outside();

    [GeneratedRegex(@"System\.Text\.Json|System\.IO|\bFile\.|\bDirectory\.|\bParallel\.|StreamReader|StreamWriter|Console\.")]
    private static partial Regex ForbiddenInDomain();
}
