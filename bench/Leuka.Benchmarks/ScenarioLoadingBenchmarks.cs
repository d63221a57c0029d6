using BenchmarkDotNet.Attributes;
using Leuka.Testing;

namespace Leuka.Benchmarks;

/// <summary>Loading and validating a whole scenario file (the docs/reference/scenario.md §2 example).</summary>
[MemoryDiagnoser]
public class ScenarioLoadingBenchmarks
{
    private string _json = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _json = File.ReadAllText(RepositoryFiles.Example("adult-aml-hyperleukocytosis.json"));
    }

    [Benchmark(Description = "ScenarioLoader.Load (spec example)")]
    public ScenarioLoadResult Load() => ScenarioLoader.Load(_json);
}
