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
    private Scenario _plerixafor = null!;
    private Planner _planner = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cart = ScenarioLoader.LoadFile(RepositoryFiles.Example("car-t-lymphocyte-collection.json")).Scenario!;
        _aml = ScenarioLoader.LoadFile(RepositoryFiles.Example("cml-profound-hyperleukocytosis.json")).Scenario!;
        // A poor mobiliser (10 CD34+/µL) toward 2 ×10^6/kg with plerixafor before day 2 on: a course given to the planner.
        _plerixafor = ScenarioLoader.Load(RepositoryFiles.ExampleJson("myeloma-autologous-cd34.json", json =>
        {
            json.Remove("events");
            json["patient"]!["labs"]!["cd34"] = "10 /uL";
            json["procedure"]!["stop"] = System.Text.Json.Nodes.JsonNode.Parse("{ \"targetCd34Dose\": \"2 x10^6/kg\" }");
            json["course"] = System.Text.Json.Nodes.JsonNode.Parse("{ \"days\": 3, \"mobilization\": { \"plerixafor\": { \"fromDay\": 2, \"cd34Fold\": 3 } } }");
        })).Scenario!;
        _planner = new Planner(new SeparatorCache(SeparatorModel.Default));
        Console.WriteLine($"// simulations: CAR-T {_planner.Make(_cart).Simulations}, CML {_planner.Make(_aml).Simulations}, plerixafor course {_planner.Make(_plerixafor).Simulations} ({_planner.Make(_plerixafor).Days.Count} days)");
    }

    [Benchmark(Description = "Plan: CAR-T CD3 target (bisection, one day)")]
    public Plan CarT() => _planner.Make(_cart);

    [Benchmark(Description = "Plan: CML WBC target (four days)")]
    public Plan Cml() => _planner.Make(_aml);

    [Benchmark(Description = "Plan: poor mobiliser, CD34+ target, plerixafor course")]
    public Plan Plerixafor() => _planner.Make(_plerixafor);
}
