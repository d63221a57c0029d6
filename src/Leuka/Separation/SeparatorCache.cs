using System.Collections.Concurrent;
using Leuka.Patients;
using Leuka.Quantities;

namespace Leuka.Separation;

/// <summary>
/// Caches operating-point solves for the procedure engine, which asks thousands of times per
/// procedure while the blood changes slowly. Two levels: the expensive settled channel is keyed
/// by inlet composition, speed and inlet flow; the cheap port draw by everything. Inputs are
/// quantized (composition to a relative step, flows and variation multipliers to 0.5 %, speed to 1 rpm, offset to 0.01) and
/// the <em>quantized</em> point is solved, so a result never depends on which nearby point was
/// asked first: runs stay deterministic.
/// </summary>
/// <param name="separator">The separator to solve with.</param>
/// <param name="compositionStep">Relative quantization step of the volume fractions (default 2 %: the channel barely changes over it).</param>
/// <param name="response">A response grid: channel states interpolated between node solves (<see cref="SeparatorResponse"/>, for cohorts); null: every state solved in full.</param>
/// <param name="shared">A response whose nodes this cache uses (and shares with other caches, e.g. one per cohort member, so that the members' own results are not all kept); its grid replaces <paramref name="response"/>.</param>
public sealed class SeparatorCache(Separator separator, double compositionStep = 0.02, ResponseGrid? response = null, SeparatorResponse? shared = null)
{
    // With a response, channel states are interpolated between shared node solves (SeparatorResponse) instead of solved per point.
    private readonly SeparatorResponse? _response = shared ?? (response is null ? null : new SeparatorResponse(separator, response));
    private const double FlowStep = 0.005;
    private readonly ConcurrentDictionary<ChannelKey, ChannelState> _channels = new();
    private readonly ConcurrentDictionary<Key, SeparationResult> _results = new();
    private readonly double _logComposition = Math.Log(1 + compositionStep);
    private readonly double _logFlow = Math.Log(1 + FlowStep);

    private readonly ConcurrentDictionary<Diagnosis, SeparatorCache> _lineages = new();
    private readonly ConcurrentDictionary<int, SeparatorCache> _granulocytes = new();

    /// <summary>
    /// The cache for a diagnosis' blood: the same channel with that diagnosis' blasts
    /// (lymphoblasts in ALL); this cache itself when they are the defaults. Kept, so runs that share this cache share the sibling's solves too.
    /// </summary>
    public SeparatorCache For(Diagnosis diagnosis)
    {
        return SpeciesProperties.ForDiagnosis(separator.Properties, diagnosis) is { } properties
            ? _lineages.GetOrAdd(diagnosis, _ => new SeparatorCache(separator with { Properties = [.. properties] }, compositionStep, response, _response?.For(diagnosis)))
            : this;
    }

    /// <summary>
    /// The cache for a patient's blood: the diagnosis' blasts and the differential's immature
    /// granulocytes (their share quantized to <see cref="ImmatureShareStep"/>, so that patients with
    /// nearly the same differential share solves).
    /// </summary>
    public SeparatorCache For(Diagnosis diagnosis, Differential differential)
    {
        ArgumentNullException.ThrowIfNull(differential);
        return For(diagnosis).WithImmatureGranulocytes(differential.ImmatureGranulocyteShare);
    }

    /// <summary>Step to which the immature share of the granulocytes is quantized.</summary>
    public const double ImmatureShareStep = 0.05;

    private SeparatorCache WithImmatureGranulocytes(double share)
    {
        var bin = (int)Math.Round(share / ImmatureShareStep);
        return bin == (int)Math.Round(separator.ImmatureGranulocyteShare / ImmatureShareStep)
            ? this
            : _granulocytes.GetOrAdd(bin, b => new SeparatorCache(separator with { ImmatureGranulocyteShare = b * ImmatureShareStep }, compositionStep, response, _response?.WithImmatureGranulocytes(b * ImmatureShareStep)));
    }

    /// <summary>The separator the cache solves with.</summary>
    public Separator Separator => separator;

    /// <summary>Number of distinct operating points answered so far.</summary>
    public int Count => _results.Count;

    /// <summary>Number of distinct channel states settled so far (the expensive solves, or with a response grid the interpolated ones).</summary>
    public int Settled => _channels.Count;

    /// <summary>Full solves at the response grid's nodes (0 without a grid).</summary>
    public int Nodes => _response?.Nodes ?? 0;

    /// <summary>The result for the quantized operating point, solved once.</summary>
    public SeparationResult Solve(OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var key = KeyOf(point);
        return _results.TryGetValue(key, out var cached) ? cached : _results.GetOrAdd(key, Compute);
    }

    /// <summary>The operating point a query is answered with.</summary>
    public OperatingPoint Quantize(OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return PointOf(KeyOf(point));
    }

    private SeparationResult Compute(Key key)
    {
        var point = PointOf(key);
        var channel = _channels.GetOrAdd(key.Channel, _ => _response?.Settle(point) ?? separator.Settle(point));
        return separator.Draw(channel, point);
    }

    private Key KeyOf(OperatingPoint p)
    {
        var f = p.InletFractions;
        var channel = new ChannelKey(
            f.Length,
            Bin(f[0], _logComposition), f.Length > 1 ? Bin(f[1], _logComposition) : 0, f.Length > 2 ? Bin(f[2], _logComposition) : 0,
            f.Length > 3 ? Bin(f[3], _logComposition) : 0, f.Length > 4 ? Bin(f[4], _logComposition) : 0, f.Length > 5 ? Bin(f[5], _logComposition) : 0,
            f.Length > 6 ? Bin(f[6], _logComposition) : 0,
            (int)Math.Round(p.Speed.RevolutionsPerMinute),
            Bin(p.InletFlow.MillilitersPerMinute, _logFlow));
        return new Key(
            channel,
            Bin(p.CollectFlow.MillilitersPerMinute, _logFlow),
            (int)Math.Round(p.InterfaceOffset * 100),
            (int)p.Mode,
            p.OpenLoopPlasmaFlow is { } q ? Bin(q.MillilitersPerMinute, _logFlow) : int.MinValue,
            Bin(p.WobbleScale, _logFlow),
            Bin(p.MixingScale, _logFlow),
            p.CollectHematocrit is { } h ? (int)Math.Round(h.Percent * 100) : int.MinValue);
    }

    private OperatingPoint PointOf(Key k)
    {
        var c = k.Channel;
        int[] f = [c.F0, c.F1, c.F2, c.F3, c.F4, c.F5, c.F6];
        return new OperatingPoint(
            [.. f.Take(c.Species).Select(b => Value(b, _logComposition))],
            RotationalSpeed.FromRevolutionsPerMinute(c.Speed),
            VolumeFlow.FromMillilitersPerMinute(Value(c.Inlet, _logFlow)),
            VolumeFlow.FromMillilitersPerMinute(Value(k.Collect, _logFlow)),
            k.Offset / 100.0,
            (CollectionMode)k.Mode,
            k.Plasma == int.MinValue ? null : VolumeFlow.FromMillilitersPerMinute(Value(k.Plasma, _logFlow)),
            Value(k.Wobble, _logFlow),
            Value(k.Mixing, _logFlow),
            k.CollectHct == int.MinValue ? null : Fraction.FromPercent(k.CollectHct / 100.0));
    }

    // Zero (and anything below 1e-12) is its own bin.
    private static int Bin(double value, double logStep) => value <= 1e-12 ? int.MinValue + 1 : (int)Math.Round(Math.Log(value) / logStep);

    private static double Value(int bin, double logStep) => bin == int.MinValue + 1 ? 0 : Math.Exp(bin * logStep);

    private readonly record struct ChannelKey(int Species, int F0, int F1, int F2, int F3, int F4, int F5, int F6, int Speed, int Inlet);

    private readonly record struct Key(ChannelKey Channel, int Collect, int Offset, int Mode, int Plasma, int Wobble, int Mixing, int CollectHct);
}
