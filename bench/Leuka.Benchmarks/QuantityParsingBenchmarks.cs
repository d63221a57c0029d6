using BenchmarkDotNet.Attributes;
using Leuka.Quantities;

namespace Leuka.Benchmarks;

/// <summary>Parsing quantity strings: the common path (lower-case-free units) and the normalizing path.</summary>
[MemoryDiagnoser]
public class QuantityParsingBenchmarks
{
    [Benchmark(Baseline = true, Description = "CellConcentration \"150 x10^9/L\"")]
    public CellConcentration CellConcentrationCanonical() => CellConcentration.Parse("150 x10^9/L").Value;

    [Benchmark(Description = "CellConcentration \"150000 /µL\" (normalized)")]
    public CellConcentration CellConcentrationMicroliter() => CellConcentration.Parse("150000 /µL").Value;

    [Benchmark(Description = "VolumeFlow \"60 mL/min\"")]
    public VolumeFlow Flow() => VolumeFlow.Parse("60 mL/min").Value;

    [Benchmark(Description = "Fraction \"28 %\"")]
    public Fraction Hematocrit() => Fraction.Parse("28 %").Value;

    [Benchmark(Description = "Volume \"60 mL\" as flow (error message)")]
    public string? WrongKind() => VolumeFlow.Parse("60 mL").Error;
}
