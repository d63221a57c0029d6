using System.Collections.Immutable;
using Leuka.Patients;
using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Separation;

/// <summary>One quasi-steady operating point of the separator.</summary>
/// <param name="InletFractions">Volume fraction of each species in the anticoagulated blood entering, in <see cref="CellSpecies"/> order.</param>
/// <param name="Speed">Centrifuge speed.</param>
/// <param name="InletFlow">Anticoagulated blood entering.</param>
/// <param name="CollectFlow">Collect pump flow.</param>
/// <param name="InterfaceOffset">Where the collect zone sits relative to the interface, in zone thicknesses (positive: toward the red cells): operator offset plus control error.</param>
/// <param name="Mode">Continuous or chamber collection.</param>
/// <param name="OpenLoopPlasmaFlow">When the interface sensor is invalid: the plasma flow set from the entered Hct; the layers are then placed by flows, not at the physical interface.</param>
public sealed record OperatingPoint(
    ImmutableArray<double> InletFractions,
    RotationalSpeed Speed,
    VolumeFlow InletFlow,
    VolumeFlow CollectFlow,
    double InterfaceOffset,
    CollectionMode Mode,
    VolumeFlow? OpenLoopPlasmaFlow = null)
{
    /// <summary>Inlet volume fractions from blood counts: blood diluted by AC at the inlet:AC ratio.</summary>
    /// <param name="hematocrit">Patient haematocrit.</param>
    /// <param name="concentrations">Blood concentrations of the non-red species, in <see cref="CellSpecies"/> order (granulocytes to platelets).</param>
    /// <param name="inletToAcRatio">Inlet:AC ratio (the inlet is (ratio − 1)/ratio blood).</param>
    /// <param name="properties">Species properties (for cell volumes).</param>
    public static ImmutableArray<double> Fractions(Fraction hematocrit, IReadOnlyList<CellConcentration> concentrations, double inletToAcRatio, IReadOnlyList<SpeciesProperties> properties)
    {
        ArgumentNullException.ThrowIfNull(concentrations);
        ArgumentNullException.ThrowIfNull(properties);
        var blood = (inletToAcRatio - 1) / inletToAcRatio;
        var fractions = new double[properties.Count];
        for (var i = 0; i < properties.Count; i++)
        {
            // 10^9 cells/L × 1 fL = 10^-6 L/L.
            fractions[i] = properties[i].Species == CellSpecies.RedCells
                ? hematocrit.Ratio * blood
                : concentrations[i].E9PerLiter * properties[i].VolumeFemtoliters * 1e-6 * blood;
        }

        return [.. fractions];
    }
}

/// <summary>Where each species went, and what the streams look like.</summary>
/// <param name="ToPlasma">Per species: share leaving by the plasma port (returned).</param>
/// <param name="ToCollect">Per species: share entering the product.</param>
/// <param name="ToRedCells">Per species: share leaving by the red-cell port (returned).</param>
/// <param name="PlasmaFlow">Plasma port flow.</param>
/// <param name="RedCellFlow">Red-cell port flow.</param>
/// <param name="ProductFlow">Volume flow into the product bag (the collect flow; per-flush average in chamber mode).</param>
/// <param name="InterfaceDepth">Depth of the red-cell interface from the inner wall, as a share of the channel depth.</param>
/// <param name="InterfaceWidthMicrometers">Distance over which red cells go from 10 % to 90 % of their packed fraction: sharp when small.</param>
/// <param name="PackedHematocrit">Red-cell fraction of the red-cell stream.</param>
/// <param name="ProductHematocrit">Red-cell fraction of the product.</param>
/// <param name="CollectZone">Inner and outer edge of the collect zone, as shares of the depth.</param>
/// <param name="Profile">Volume fractions [species, cell] from the inner wall, for plots.</param>
/// <param name="Steps">Time steps the solve took.</param>
public sealed record SeparationResult(
    ImmutableArray<double> ToPlasma,
    ImmutableArray<double> ToCollect,
    ImmutableArray<double> ToRedCells,
    VolumeFlow PlasmaFlow,
    VolumeFlow RedCellFlow,
    VolumeFlow ProductFlow,
    double InterfaceDepth,
    double InterfaceWidthMicrometers,
    Fraction PackedHematocrit,
    Fraction ProductHematocrit,
    (double Inner, double Outer) CollectZone,
    double[,] Profile,
    int Steps)
{
    /// <summary>Share of a species collected.</summary>
    public double Efficiency(CellSpecies species) => ToCollect[(int)species];
}

/// <summary>
/// The separator at one operating point: settle over the residence time, find the interface,
/// skim the ports. Model and calibration: docs/model/separator.md.
/// </summary>
/// <param name="Geometry">Channel geometry and constants.</param>
/// <param name="Properties">Species properties.</param>
/// <param name="Chamber">Chamber parameters for chamber mode.</param>
public sealed record Separator(ChannelGeometry Geometry, ImmutableArray<SpeciesProperties> Properties, ChamberParameters Chamber)
{
    /// <summary>Residence time of the blood in the channel.</summary>
    public Duration ResidenceTime(VolumeFlow inletFlow) => Volume.FromMilliliters(Geometry.VolumeMilliliters) / inletFlow;

    /// <summary>Solves one operating point.</summary>
    public SeparationResult Solve(OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var seconds = ResidenceTime(point.InletFlow).Seconds;
        var phi = ChannelSolver.Settle(Geometry, Properties, point.InletFractions, point.Speed.RadiansPerSecond, seconds, out var steps);
        var n = Geometry.Cells;
        var m = Properties.Length;

        var red = (int)CellSpecies.RedCells;
        var (interfaceDepth, width, packed) = Interface(phi, n, red);

        // The collect pump draws from the buffy coat that accumulates at the interface over many
        // residence times: a zone K times the plug-flow share of the collect flow.
        var zone = Math.Min(1, Geometry.CollectAccumulation * point.CollectFlow / point.InletFlow);
        double outer;
        if (point.OpenLoopPlasmaFlow is { } plasmaFlow)
        {
            // Open loop: the plasma and collect flows fix the zone's place, wherever the cells are.
            outer = Math.Clamp((plasmaFlow / point.InletFlow) + zone, zone, 1);
        }
        else
        {
            outer = Math.Clamp(interfaceDepth + (point.InterfaceOffset * zone), zone, 1);
        }

        var inner = outer - zone;
        var inZone = new double[m];
        var toPlasma = new double[m];
        var toCollect = new double[m];
        var toRed = new double[m];
        var totals = new double[m];
        var redStream = 0.0;
        for (var i = 0; i < m; i++)
        {
            double p = 0, c = 0, r = 0;
            for (var j = 0; j < n; j++)
            {
                var a = (double)j / n;
                var b = (double)(j + 1) / n;
                p += phi[i, j] * Overlap(a, b, 0, inner);
                c += phi[i, j] * Overlap(a, b, inner, outer);
                r += phi[i, j] * Overlap(a, b, outer, 1);
            }

            totals[i] = p + c + r;
            inZone[i] = c;
            toPlasma[i] = p;
            toRed[i] = r;
            if (i == (int)CellSpecies.RedCells)
            {
                redStream = r;
            }
        }

        // The collect flow carries the zone's cells up to its capacity at packing; the surplus goes
        // back, red cells and granulocytes with the red cells, the rest with the plasma.
        var cellFlux = inZone.Sum() * point.InletFlow.MillilitersPerMinute;
        var capacity = point.CollectFlow.MillilitersPerMinute * Geometry.ProductPacking;
        var carried = cellFlux > capacity ? capacity / cellFlux : 1;
        for (var i = 0; i < m; i++)
        {
            var surplus = inZone[i] * (1 - carried);
            if (i is (int)CellSpecies.RedCells or (int)CellSpecies.Granulocytes)
            {
                toRed[i] += surplus;
            }
            else
            {
                toPlasma[i] += surplus;
            }

            toCollect[i] = inZone[i] * carried;
            var total = totals[i];
            (toPlasma[i], toCollect[i], toRed[i]) = total > 0 ? (toPlasma[i] / total, toCollect[i] / total, toRed[i] / total) : (1, 0, 0);
        }

        var collectRed = inZone[(int)CellSpecies.RedCells] * carried * point.InletFlow.MillilitersPerMinute / point.CollectFlow.MillilitersPerMinute;
        var productFlow = point.CollectFlow;
        if (point.Mode == CollectionMode.Chamber)
        {
            productFlow = Chamber.Apply(this, point, toCollect, toPlasma);
        }

        return new SeparationResult(
            [.. toPlasma],
            [.. toCollect],
            [.. toRed],
            VolumeFlow.Max(VolumeFlow.Zero, (point.InletFlow * inner) + (point.InletFlow * zone) - point.CollectFlow),
            point.InletFlow * (1 - outer),
            productFlow,
            interfaceDepth,
            width * Geometry.DepthMeters * 1e6,
            Fraction.FromRatio(1 - outer > 0 ? redStream / (1 - outer) : packed),
            Fraction.FromRatio(collectRed),
            (inner, outer),
            phi,
            steps);
    }

    // The interface: going inward from the outer wall, where red cells fall below half their packed
    // fraction. Its width runs from 90 % to 10 % of packed.
    private static (double Depth, double Width, double Packed) Interface(double[,] phi, int n, int red)
    {
        var packed = 0.0;
        for (var j = n - 1; j >= n * 3 / 4; j--)
        {
            packed = Math.Max(packed, phi[red, j]);
        }

        double Crossing(double level)
        {
            for (var j = n - 1; j > 0; j--)
            {
                if (phi[red, j - 1] < level * packed && phi[red, j] >= level * packed)
                {
                    var t = ((level * packed) - phi[red, j - 1]) / (phi[red, j] - phi[red, j - 1]);
                    return (j - 0.5 + t) / n;
                }
            }

            return phi[red, 0] >= level * packed ? 0 : 1;
        }

        var mid = Crossing(0.5);
        return (mid, Math.Max(0, Crossing(0.9) - Crossing(0.1)), packed);
    }

    // Length of [a, b] inside [lo, hi], as a share of the depth.
    private static double Overlap(double a, double b, double lo, double hi) => Math.Max(0, Math.Min(b, hi) - Math.Max(a, lo));
}
