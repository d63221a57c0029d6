using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Leuka.Cohorts;
using Leuka.Testing;

namespace Leuka.Benchmarks;

/// <summary>
/// A whole cohort from cold (a fresh separator cache each time: the grid's nodes are solved again):
/// the CAR-T example cohort (examples/cohorts/car-t-collections.json) at 1,000 and 10,000 members
/// on both cores, with the separator response. Beside it, ProcedureBenchmarks' single warm procedure.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class CohortBenchmarks
{
    private CohortFile _cohort = null!;
    private CohortRunner _runner = null!;

    [Params(1_000, 10_000)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup() => _cohort = CohortFile.Load(Path.Combine(RepositoryFiles.Root, "examples", "cohorts", "car-t-collections.json")).Cohort!;

    [IterationSetup]
    public void Cold() => _runner = new CohortRunner(_cohort);

    [Benchmark]
    public int Cohort() => _runner.Run(0, Members).Length;
}
