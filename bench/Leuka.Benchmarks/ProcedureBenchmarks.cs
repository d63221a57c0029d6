using BenchmarkDotNet.Attributes;
using Leuka.Physiology;
using Leuka.Quantities;
using Leuka.Separation;
using Leuka.Testing;

namespace Leuka.Benchmarks;

/// <summary>
/// A full 4-hour procedure (AML example, stop after 240 min) with the separator cache warm, next to
/// a bare loop doing the same number of patient state updates: the difference is the engine's own cost.
/// </summary>
[MemoryDiagnoser]
public class ProcedureBenchmarks
{
    private Scenario _scenario = null!;
    private SeparatorCache _cache = null!;
    private PatientPhysiologyParameters _parameters = null!;
    private PatientPhysiologyState _state = null!;
    private PatientInputs _inputs = null!;
    private int _steps;

    [GlobalSetup]
    public void Setup()
    {
        var json = File.ReadAllText(RepositoryFiles.Example("adult-aml-hyperleukocytosis.json"))
            .Replace("{ \"bloodVolumes\": 2 }", "{ \"duration\": \"240 min\" }", StringComparison.Ordinal);
        _scenario = ScenarioLoader.Load(json).Scenario!;
        _cache = new SeparatorCache(SeparatorModel.Default);
        var warm = new ProcedureEngine(_scenario, _cache);
        warm.RunToEnd();
        _steps = warm.StepCount;
        Console.WriteLine($"// {_steps} internal steps, {_cache.Settled} settled channel states");
        (_parameters, _state) = PatientPhysiology.Initialize(_scenario.Patient);
        var species = _state.Pools.Length;
        _inputs = new PatientInputs(
            VolumeFlow.FromMillilitersPerMinute(45),
            [.. Enumerable.Repeat(0.0, species)],
            [.. Enumerable.Repeat(CellCount.FromE9(2), species)],
            new FluidExchange(VolumeFlow.FromMillilitersPerMinute(45), VolumeFlow.FromMillilitersPerMinute(46), VolumeFlow.FromMillilitersPerMinute(12), VolumeFlow.Zero),
            Anticoagulant.AcdA.InfusionRate(VolumeFlow.FromMillilitersPerMinute(4.1), 0.95),
            SubstanceRate.FromMillimolesPerHour(1.8),
            SubstanceAmount.Zero);
    }

    [Benchmark(Description = "Full 4-h procedure, cache warm")]
    public ProcedureResult FullProcedure() => new ProcedureEngine(_scenario, _cache).RunToEnd();

    [Benchmark(Baseline = true, Description = "Bare loop: same number of patient steps")]
    public PatientPhysiologyState BareLoop()
    {
        var s = _state;
        var dt = Duration.FromMinutes(240.0 / _steps);
        for (var i = 0; i < _steps; i++)
        {
            s = PatientPhysiology.Step(s, _parameters, _inputs, dt, out _);
        }

        return s;
    }
}
