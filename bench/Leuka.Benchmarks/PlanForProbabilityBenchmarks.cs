using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Leuka.Cohorts;
using Leuka.Planning;
using Leuka.Testing;

namespace Leuka.Benchmarks;

/// <summary>
/// Patients like this one for the CAR-T example, from cold (the separator response's nodes and the
/// planner's cache solved again each time): the intervals with their bands (400 patients, what
/// <c>simulate --intervals</c> and the web page add) and a plan for 90 % (the typical plan, then
/// each patient's need, then the plan simulated).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class PlanForProbabilityBenchmarks
{
    private Scenario _scenario = null!;

    [GlobalSetup]
    public void Setup() => _scenario = ScenarioLoader.LoadFile(Path.Combine(RepositoryFiles.Root, "examples", "car-t-lymphocyte-collection.json")).Scenario!;

    [Benchmark]
    public int IntervalsWithBands() => PredictionIntervals.RunWithBands(_scenario).LikeThis.Bands.Count;

    [Benchmark]
    public int PlanFor90Percent() => ConfidentPlanner.Make(_scenario, new PlanOptions(), 0.9).Plan.Days.Count;
}
