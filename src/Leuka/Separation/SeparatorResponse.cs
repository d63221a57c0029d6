using System.Collections.Concurrent;
using System.Collections.Immutable;
using Leuka.Patients;

namespace Leuka.Separation;

/// <summary>
/// The grid of <see cref="SeparatorResponse"/>: log steps in haematocrit, leukocrit and inlet flow,
/// and the volume-fraction resolution of the white-cell mix.
/// </summary>
/// <param name="HematocritStep">Relative step in the red-cell fraction (0.16: nodes 16 % apart).</param>
/// <param name="LeukocritStep">Relative step in the white-cell fraction.</param>
/// <param name="FlowStep">Relative step in the inlet flow.</param>
/// <param name="MixFrom">Leukocrit from which the white-cell mix is resolved: below it white cells are a trace beside the red cells and the nodes carry a fixed mix (each type's own share does not depend on the others'); above it (hyperleukocytosis) the mix moves the bulk and is resolved to <paramref name="MixStep"/>.</param>
/// <param name="MixStep">Step in each white-cell type's share of the white cells, from <paramref name="MixFrom"/> on.</param>
public sealed record ResponseGrid(double HematocritStep = 0.16, double LeukocritStep = 0.3, double FlowStep = 0.12, double MixFrom = 0.01, double MixStep = 0.02)
{
    /// <summary>The grid whose error against the full solve is stated in docs/model/separator.md and bounded in a test.</summary>
    public static ResponseGrid Default { get; } = new();
}

/// <summary>
/// A precomputed, interpolated response of the channel: where each species is after one residence
/// time (<see cref="ChannelState"/>) from full solves at the nodes of a grid, multilinear in
/// log haematocrit, log leukocrit and log inlet flow, nearest in the white-cell mix, the platelet
/// fraction and the speed. Nodes are solved once, on first use, and shared by every patient whose
/// blood is near them: a cohort of thousands settles a few thousand nodes instead of a hundred
/// operating points per patient. Each species' shares (trapped, arrived, suspended) are
/// dimensionless and smooth in the bulk; a species' own small fraction does not move them (white
/// cells and platelets are traces beside the red cells except in hyperleukocytosis, where the mix is
/// resolved finely). The full solve stays the reference; the error is bounded in a test
/// (docs/model/separator.md).
/// </summary>
public sealed class SeparatorResponse(Separator separator, ResponseGrid? grid = null)
{
    private const int White = 5;
    private static readonly int Red = (int)CellSpecies.RedCells;
    private static readonly int Platelets = (int)CellSpecies.Platelets;
    private readonly ResponseGrid _grid = grid ?? ResponseGrid.Default;
    // Lazy: two threads asking for one node solve it once.
    private readonly ConcurrentDictionary<NodeKey, Lazy<ChannelState>> _nodes = new();
    private readonly ConcurrentDictionary<Diagnosis, SeparatorResponse> _lineages = new();
    private readonly ConcurrentDictionary<double, SeparatorResponse> _granulocytes = new();

    /// <summary>The response for blood whose granulocytes are this share immature (settled apart: <see cref="Separator.ImmatureGranulocyteShare"/>), kept and shared like a lineage's.</summary>
    public SeparatorResponse WithImmatureGranulocytes(double share) =>
        share == separator.ImmatureGranulocyteShare
            ? this
            : _granulocytes.GetOrAdd(share, q => new SeparatorResponse(separator with { ImmatureGranulocyteShare = q }, _grid));

    /// <summary>The response for a diagnosis' blood (lymphoblasts in ALL), kept so that every run of that diagnosis shares its nodes; this one when the diagnosis keeps the defaults.</summary>
    public SeparatorResponse For(Diagnosis diagnosis) =>
        SpeciesProperties.ForDiagnosis(separator.Properties, diagnosis) is { } properties
            ? _lineages.GetOrAdd(diagnosis, _ => new SeparatorResponse(separator with { Properties = [.. properties] }, _grid))
            : this;

    /// <summary>The separator whose full solve the nodes are.</summary>
    public Separator Separator => separator;

    /// <summary>Nodes solved so far.</summary>
    public int Nodes => _nodes.Count;

    /// <summary>The interpolated channel state at <paramref name="point"/>; the full solve where the grid does not apply (no red or no white cells, another species layout).</summary>
    public ChannelState Settle(OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var f = point.InletFractions;
        var white = 0.0;
        for (var j = 0; j < White; j++)
        {
            white += f[j];
        }

        if (f.Length != 7 || f[Red] <= 1e-6 || white <= 1e-9 || point.InletFlow.MillilitersPerMinute <= 0)
        {
            return separator.Settle(point);
        }

        var lh = Math.Log(1 + _grid.HematocritStep);
        var lw = Math.Log(1 + _grid.LeukocritStep);
        var lq = Math.Log(1 + _grid.FlowStep);
        var xh = Math.Log(f[Red]) / lh;
        var xw = Math.Log(white) / lw;
        var xq = Math.Log(point.InletFlow.MillilitersPerMinute) / lq;
        var (h0, th) = Split(xh);
        var (w0, tw) = Split(xw);
        var (q0, tq) = Split(xq);

        // The mix: fixed for a trace of white cells, resolved in hyperleukocytosis (the same bins for every corner).
        var resolved = Math.Exp(w0 * lw) >= _grid.MixFrom;
        var mix = new int[White];
        for (var j = 0; j < White; j++)
        {
            mix[j] = resolved ? (int)Math.Round(f[j] / white / _grid.MixStep) : -1;
        }

        var speed = (int)Math.Round(point.Speed.RevolutionsPerMinute);

        var m = f.Length;
        var trapped = new double[m];
        var arrived = new double[m];
        var suspended = new double[m];
        double depth = 0, width = 0, packed = 0, mature = 0;
        ChannelState? lower = null;
        for (var corner = 0; corner < 8; corner++)
        {
            var (dh, dw, dq) = (corner & 1, (corner >> 1) & 1, (corner >> 2) & 1);
            var weight = (dh == 1 ? th : 1 - th) * (dw == 1 ? tw : 1 - tw) * (dq == 1 ? tq : 1 - tq);
            if (weight <= 0 && corner != 0)
            {
                continue;
            }

            var key = new NodeKey(h0 + dh, w0 + dw, q0 + dq, mix[0], mix[1], mix[2], mix[3], mix[4], speed);
            var node = _nodes.GetOrAdd(key, k => new Lazy<ChannelState>(() => Solve(k, point, lh, lw, lq))).Value;
            lower ??= node;
            for (var i = 0; i < m; i++)
            {
                trapped[i] += weight * node.Trapped[i];
                arrived[i] += weight * node.Arrived[i];
                suspended[i] += weight * node.Suspended[i];
            }

            depth += weight * node.InterfaceDepth;
            width += weight * node.InterfaceWidthMicrometers;
            packed += weight * node.PackedHematocrit;
            mature += weight * node.MatureShareOfArrivedGranulocytes;
        }

        for (var i = 0; i < m; i++)
        {
            var total = trapped[i] + arrived[i] + suspended[i];
            (trapped[i], arrived[i], suspended[i]) = total > 0 ? (trapped[i] / total, arrived[i] / total, suspended[i] / total) : (0, 0, 1);
        }

        return new ChannelState([.. trapped], [.. arrived], [.. suspended], depth, width, packed, lower!.Profile, 0, mature);
    }

    // A node: the full solve at the grid's composition (every white type present, at least as a trace).
    private ChannelState Solve(NodeKey k, OperatingPoint like, double lh, double lw, double lq)
    {
        var white = Math.Exp(k.W * lw);
        int[] bins = [k.M0, k.M1, k.M2, k.M3, k.M4];
        // A fixed mix (a donor's: granulocytes, lymphocytes, monocytes, a few blasts and CD34+ cells) below MixFrom; every type present at least as a trace.
        double[] fixedMix = [0.6, 0.28, 0.1, 0.01, 0.01];
        var shares = bins.Select((b, j) => b < 0 ? fixedMix[j] : Math.Max(b * _grid.MixStep, 1e-4)).ToArray();
        var sum = shares.Sum();
        var f = new double[7];
        for (var j = 0; j < White; j++)
        {
            f[j] = white * shares[j] / sum;
        }

        // Platelets are a trace for the bulk and their own shares do not depend on their number: one fraction (about 250 x10^9/L).
        f[Platelets] = 0.0022;
        f[Red] = Math.Exp(k.H * lh);
        var point = like with
        {
            InletFractions = ImmutableArray.Create(f),
            InletFlow = Quantities.VolumeFlow.FromMillilitersPerMinute(Math.Exp(k.Q * lq)),
            Speed = Quantities.RotationalSpeed.FromRevolutionsPerMinute(k.Speed),
        };
        return separator.Settle(point);
    }

    private static (int Floor, double Fraction) Split(double x)
    {
        var floor = (int)Math.Floor(x);
        return (floor, x - floor);
    }

    private readonly record struct NodeKey(int H, int W, int Q, int M0, int M1, int M2, int M3, int M4, int Speed);
}
