using System.Collections.Concurrent;
using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Separation;

/// <summary>
/// Caches operating-point solves for the procedure engine, which asks thousands of times per
/// procedure while the blood changes slowly. Inputs are quantized (fractions and flows to a
/// relative step, speed to 1 rpm, offset to 0.01 layer) and the <em>quantized</em> point is solved,
/// so a result never depends on which nearby point was asked first: runs stay deterministic.
/// </summary>
/// <param name="separator">The separator to solve with.</param>
/// <param name="relativeStep">Relative quantization step of fractions and flows (default 0.5 %).</param>
public sealed class SeparatorCache(Separator separator, double relativeStep = 0.005)
{
    private readonly ConcurrentDictionary<Key, SeparationResult> _results = new();
    private readonly double _logStep = Math.Log(1 + relativeStep);

    /// <summary>Number of distinct operating points solved so far.</summary>
    public int Count => _results.Count;

    /// <summary>The result for the quantized operating point, solved once.</summary>
    public SeparationResult Solve(OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var key = KeyOf(point);
        return _results.TryGetValue(key, out var cached) ? cached : _results.GetOrAdd(key, k => separator.Solve(PointOf(k, point.InletFractions.Length)));
    }

    /// <summary>The operating point a query is answered with.</summary>
    public OperatingPoint Quantize(OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return PointOf(KeyOf(point), point.InletFractions.Length);
    }

    private Key KeyOf(OperatingPoint p)
    {
        var f = p.InletFractions;
        return new Key(
            Log(f[0]), f.Length > 1 ? Log(f[1]) : 0, f.Length > 2 ? Log(f[2]) : 0, f.Length > 3 ? Log(f[3]) : 0,
            f.Length > 4 ? Log(f[4]) : 0, f.Length > 5 ? Log(f[5]) : 0, f.Length > 6 ? Log(f[6]) : 0,
            (int)Math.Round(p.Speed.RevolutionsPerMinute),
            Log(p.InletFlow.MillilitersPerMinute),
            Log(p.CollectFlow.MillilitersPerMinute),
            (int)Math.Round(p.InterfaceOffset * 100),
            (int)p.Mode,
            p.OpenLoopPlasmaFlow is { } q ? Log(q.MillilitersPerMinute) : int.MinValue);
    }

    private OperatingPoint PointOf(Key k, int species)
    {
        int[] f = [k.F0, k.F1, k.F2, k.F3, k.F4, k.F5, k.F6];
        return new OperatingPoint(
            [.. f.Take(species).Select(Exp)],
            RotationalSpeed.FromRevolutionsPerMinute(k.Speed),
            VolumeFlow.FromMillilitersPerMinute(Exp(k.Inlet)),
            VolumeFlow.FromMillilitersPerMinute(Exp(k.Collect)),
            k.Offset / 100.0,
            (CollectionMode)k.Mode,
            k.Plasma == int.MinValue ? null : VolumeFlow.FromMillilitersPerMinute(Exp(k.Plasma)));
    }

    // Zero (and anything below 1e-12) is its own bin.
    private int Log(double value) => value <= 1e-12 ? int.MinValue + 1 : (int)Math.Round(Math.Log(value) / _logStep);

    private double Exp(int bin) => bin == int.MinValue + 1 ? 0 : Math.Exp(bin * _logStep);

    private readonly record struct Key(int F0, int F1, int F2, int F3, int F4, int F5, int F6, int Speed, int Inlet, int Collect, int Offset, int Mode, int Plasma);
}
