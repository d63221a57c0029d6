using BenchmarkDotNet.Attributes;
using Leuka.Physiology;
using Leuka.Quantities;
using Leuka.Testing;

namespace Leuka.Benchmarks;

/// <summary>The patient model: one one-minute step, and 240 of them (a 4-hour procedure's patient side).</summary>
[MemoryDiagnoser]
public class PhysiologyBenchmarks
{
    private PatientPhysiologyParameters _parameters = null!;
    private PatientPhysiologyState _state = null!;
    private PatientInputs _inputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scenario = ScenarioLoader.LoadFile(RepositoryFiles.Example("adult-aml-hyperleukocytosis.json")).Scenario!;
        (_parameters, _state) = PatientPhysiology.Initialize(scenario.Patient);
        var species = _state.Pools.Length;
        _inputs = new PatientInputs(
            VolumeFlow.FromMillilitersPerMinute(55),
            [.. Enumerable.Repeat(0.6, species)],
            [.. Enumerable.Repeat(CellCount.Zero, species)],
            new FluidExchange(VolumeFlow.FromMillilitersPerMinute(55), VolumeFlow.FromMillilitersPerMinute(58), VolumeFlow.FromMillilitersPerMinute(15), VolumeFlow.Zero),
            Anticoagulant.AcdA.InfusionRate(VolumeFlow.FromMillilitersPerMinute(4.6), 0.95),
            SubstanceRate.FromMillimolesPerHour(1.8),
            SubstanceAmount.Zero);
    }

    [Benchmark(Description = "PatientPhysiology.Step (1 min)")]
    public PatientPhysiologyState OneStep() => PatientPhysiology.Step(_state, _parameters, _inputs, Duration.FromMinutes(1), out _);

    [Benchmark(Description = "Circulation.Assess (blood pressure and heart rate)")]
    public Haemodynamics Circulation() => Leuka.Physiology.Circulation.Assess(_parameters.Circulation, _state.Fluid.Intravascular - Volume.FromMilliliters(400), new CirculationInputs(0.9, false, 0.3));

    [Benchmark(Description = "240 one-minute steps (4 h)")]
    public PatientPhysiologyState FourHours()
    {
        var s = _state;
        for (var i = 0; i < 240; i++)
        {
            s = PatientPhysiology.Step(s, _parameters, _inputs, Duration.FromMinutes(1), out _);
        }

        return s;
    }
}
