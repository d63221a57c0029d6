using BenchmarkDotNet.Attributes;
using Leuka.Quantities;
using Leuka.Separation;

namespace Leuka.Benchmarks;

/// <summary>One quasi-steady operating-point solve of the separator (60 cells, 7 species, 40 s residence), and the cache.</summary>
[MemoryDiagnoser]
public class SeparatorBenchmarks
{
    private OperatingPoint _donor = null!;
    private OperatingPoint _aml = null!;
    private SeparatorCache _cache = null!;
    private ChannelState _settled = null!;
    private ChannelState _amlSettled = null!;
    private OperatingPoint _held = null!;
    private OperatingPoint _cml = null!;
    private Separator _cmlSeparator = null!;

    [GlobalSetup]
    public void Setup()
    {
        var s = SeparatorModel.Default;
        _donor = Point(s, 40, [4.2, 2.1, 0.42, 0, 0.02, 250], 1);
        _aml = Point(s, 28, [20, 12.5, 5, 212.5, 0.015, 60], 3);
        _cache = new SeparatorCache(s);
        _cache.Solve(_donor);
        _settled = s.Settle(_donor);
        _amlSettled = s.Settle(_aml);
        _held = _donor with { CollectHematocrit = Fraction.FromPercent(4) };
        // CML: half the granulocytes immature, settled as an eighth population.
        _cmlSeparator = s with { ImmatureGranulocyteShare = 0.5 };
        _cml = Point(s, 28, [270, 12, 9, 9, 0, 400], 3);
    }

    [Benchmark(Description = "Cached query (warm)")]
    public SeparationResult Cached() => _cache.Solve(_donor);

    [Benchmark(Description = "Ports only (settled channel reused): donor")]
    public SeparationResult Draw() => SeparatorModel.Default.Draw(_settled, _donor);

    [Benchmark(Description = "Ports only: donor, collect line held at Hct 4 %")]
    public SeparationResult DrawHeld() => SeparatorModel.Default.Draw(_settled, _held);

    [Benchmark(Description = "Ports only: AML WBC 250, thick mixed white layer")]
    public SeparationResult DrawAml() => SeparatorModel.Default.Draw(_amlSettled, _aml);

    [Benchmark(Description = "Solve: donor blood, 60 mL/min, 2400 rpm")]
    public SeparationResult Donor() => SeparatorModel.Default.Solve(_donor);

    [Benchmark(Description = "Solve: AML, WBC 250, 60 mL/min, 2400 rpm")]
    public SeparationResult Aml() => SeparatorModel.Default.Solve(_aml);

    [Benchmark(Description = "Solve: CML, WBC 300, half the granulocytes immature (8 populations)")]
    public SeparationResult Cml() => _cmlSeparator.Solve(_cml);

    private static OperatingPoint Point(Separator s, double hct, double[] counts, double collect) =>
        new(OperatingPoint.Fractions(Fraction.FromPercent(hct), counts.Select(CellConcentration.FromE9PerLiter).ToArray(), 12, s.Properties),
            RotationalSpeed.FromRevolutionsPerMinute(2400), VolumeFlow.FromMillilitersPerMinute(60), VolumeFlow.FromMillilitersPerMinute(collect), 0, CollectionMode.Continuous);
}
