using BenchmarkDotNet.Attributes;
using Leuka.Planning;
using Leuka.Separation;
using Leuka.Testing;

namespace Leuka.Benchmarks;

/// <summary>Planning time with a warm separator cache (a planner serving many requests keeps one).</summary>
[MemoryDiagnoser]
public class PlanningBenchmarks
{
    private Scenario _cart = null!;
    private Scenario _aml = null!;
    private Planner _planner = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cart = ScenarioLoader.LoadFile(RepositoryFiles.Example("car-t-lymphocyte-collection.json")).Scenario!;
        _aml = ScenarioLoader.LoadFile(RepositoryFiles.Example("cml-profound-hyperleukocytosis.json")).Scenario!;
        _planner = new Planner(new SeparatorCache(SeparatorModel.Default));
        Console.WriteLine($"// simulations: CAR-T {_planner.Make(_cart).Simulations}, CML {_planner.Make(_aml).Simulations}");
    }

    [Benchmark(Description = "Plan: CAR-T CD3 target (bisection, one day)")]
    public Plan CarT() => _planner.Make(_cart);

    [Benchmark(Description = "Plan: CML WBC target (four days)")]
    public Plan Cml() => _planner.Make(_aml);
}
