using System.Collections.Immutable;
using Leuka.Patients;
using Leuka.Quantities;

namespace Leuka.Separation;

/// <summary>One quasi-steady operating point of the separator.</summary>
/// <param name="InletFractions">Volume fraction of each species in the anticoagulated blood entering, in <see cref="CellSpecies"/> order.</param>
/// <param name="Speed">Centrifuge speed.</param>
/// <param name="InletFlow">Anticoagulated blood entering.</param>
/// <param name="CollectFlow">Collect pump flow.</param>
/// <param name="InterfaceOffset">Where the collect zone sits relative to the interface, in zone thicknesses (positive: toward the red cells): operator offset plus control error.</param>
/// <param name="Mode">Continuous or chamber collection.</param>
/// <param name="OpenLoopPlasmaFlow">When the interface sensor is invalid: the plasma flow set from the entered Hct; the layers are then placed by flows, not at the physical interface.</param>
/// <param name="WobbleScale">This patient's and procedure's multiplier on the interface wobble (docs/model/variation.md).</param>
/// <param name="MixingScale">This patient's and procedure's multiplier on the white layer's mixing length.</param>
/// <param name="CollectHematocrit">The device's collect-line set point: when given (and the sensor sees the interface), the collect port is placed so that the packed red cells it reaches give the product this Hct, and <paramref name="InterfaceOffset"/> is not used.</param>
public sealed record OperatingPoint(
    ImmutableArray<double> InletFractions,
    RotationalSpeed Speed,
    VolumeFlow InletFlow,
    VolumeFlow CollectFlow,
    double InterfaceOffset,
    CollectionMode Mode,
    VolumeFlow? OpenLoopPlasmaFlow = null,
    double WobbleScale = 1,
    double MixingScale = 1,
    Fraction? CollectHematocrit = null)
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
        var blood = InletRatio.WholeBloodShare(inletToAcRatio);
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
/// <param name="Trapped">Per species: share held in the packed red layer after one residence time.</param>
/// <param name="Arrived">Per species: share that reached the buffy coat after one residence time (the rest is still suspended in the plasma).</param>
/// <param name="WhiteLayer">The white layer's bands from the red line up, and where the collect window sits in it (null when nothing reached it).</param>
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
    int Steps,
    ImmutableArray<double> Trapped,
    ImmutableArray<double> Arrived,
    WhiteLayerView? WhiteLayer = null)
{
    /// <summary>Share of a species collected.</summary>
    public double Efficiency(CellSpecies species) => ToCollect[(int)species];
}

/// <summary>One band of the white layer, in stream units (mL/min of flow above the red line).</summary>
/// <param name="Species">The species in it (equal densities share a band).</param>
/// <param name="Thickness">Its thickness at the product packing.</param>
/// <param name="Mixing">The Gaussian width its cells are mixed over.</param>
/// <param name="Drawn">Share the collect window takes.</param>
/// <param name="Below">Share below the window (leaves with the red cells); the rest leaves with the plasma.</param>
public sealed record WhiteBand(ImmutableArray<CellSpecies> Species, double Thickness, double Mixing, double Drawn, double Below);

/// <summary>The white layer and the collect window, in stream units from the red line.</summary>
/// <param name="Bands">Bands from the red line up (densest first; platelets on top).</param>
/// <param name="WindowLower">The window's lower edge (negative: into the red cells).</param>
/// <param name="WindowWidth">Its width (the collect flow).</param>
/// <param name="Wobble">The red line's wobble that blurs it.</param>
/// <param name="NeutrophilsInRedTop">Of the granulocytes' band, the thickness (its own volume) lying in the red layer's top instead of on it.</param>
/// <param name="RedTopScale">Scale over which they lie there, stream units below the red line.</param>
/// <param name="Held">Whether the layer is held at the port (what the wobble puts below the window is drawn later, not lost to the red cells).</param>
public sealed record WhiteLayerView(ImmutableArray<WhiteBand> Bands, double WindowLower, double WindowWidth, double Wobble, double NeutrophilsInRedTop = 0, double RedTopScale = 0, bool Held = false);

/// <summary>Where every species is after one residence time: the settled channel, before the ports.</summary>
/// <param name="Trapped">Per species: share held in the packed red layer.</param>
/// <param name="Arrived">Per species: share that reached the buffy coat.</param>
/// <param name="Suspended">Per species: share still suspended in the plasma.</param>
/// <param name="InterfaceDepth">Depth of the red-cell interface from the inner wall, as a share of the channel depth.</param>
/// <param name="InterfaceWidthMicrometers">Distance over which red cells go from 10 % to 90 % of their packed fraction.</param>
/// <param name="PackedHematocrit">Red-cell fraction of the packed layer.</param>
/// <param name="Profile">Volume fractions [species, cell] from the inner wall.</param>
/// <param name="Steps">Time steps the settling took.</param>
/// <param name="MatureShareOfArrivedGranulocytes">Of the granulocytes that reached the buffy coat, the share that are mature (1 without immature granulocytes): only mature neutrophils sink into the red layer's top (docs/model/separator.md).</param>
public sealed record ChannelState(
    ImmutableArray<double> Trapped,
    ImmutableArray<double> Arrived,
    ImmutableArray<double> Suspended,
    double InterfaceDepth,
    double InterfaceWidthMicrometers,
    double PackedHematocrit,
    double[,] Profile,
    int Steps,
    double MatureShareOfArrivedGranulocytes = 1);

/// <summary>
/// The separator at one operating point: settle over the residence time, find the interface,
/// skim the ports. Model and calibration: docs/model/separator.md.
/// </summary>
/// <param name="Geometry">Channel geometry and constants.</param>
/// <param name="Properties">Species properties.</param>
/// <param name="Chamber">Chamber parameters for chamber mode.</param>
/// <param name="ImmatureGranulocyteShare">The immature share of the blood's granulocytes (myelocytes and metamyelocytes: CML, a left shift). They are lighter than neutrophils, so the channel settles them as a population of their own and folds where they went back into the granulocytes (docs/model/separator.md).</param>
public sealed partial record Separator(ChannelGeometry Geometry, ImmutableArray<SpeciesProperties> Properties, ChamberParameters Chamber, double ImmatureGranulocyteShare = 0)
{
    /// <summary>Diameter of the cell whose mixing length <see cref="ChannelGeometry.MixingLengthMicrometers"/> gives (a lymphocyte's order).</summary>
    public const double MixingReferenceMicrometers = 8;

    /// <summary>Residence time of the blood in the channel.</summary>
    public Duration ResidenceTime(VolumeFlow inletFlow) => Volume.FromMilliliters(Geometry.VolumeMilliliters) / inletFlow;

    /// <summary>Solves one operating point: settles the channel, then draws the ports.</summary>
    public SeparationResult Solve(OperatingPoint point) => Draw(Settle(point), point);

    /// <summary>
    /// The expensive half of a solve: where every species is after one residence time. It depends
    /// only on the inlet composition, the speed and the inlet flow, so the collect flow and the
    /// interface offset can change without settling again.
    /// </summary>
    public ChannelState Settle(OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var seconds = ResidenceTime(point.InletFlow).Seconds;
        var (properties, inlet) = Settled(point.InletFractions);
        var phi = ChannelSolver.Settle(Geometry, properties, inlet, point.Speed.RadiansPerSecond, seconds, out var steps);
        var n = Geometry.Cells;
        var m = properties.Count;
        var red = (int)CellSpecies.RedCells;
        var (interfaceDepth, width, packed) = Interface(phi, n, red);
        // 1. Where each species is after one residence time, cell by cell (so results move smoothly
        // with the settings). A cell that has not separated from its neighbourhood is carried
        // passively: with the red cells (concentrated as they pack) or with the plasma. Up to that
        // passive level it is trapped (red share) or still suspended (plasma share); what exceeds
        // it has arrived at the buffy coat, wherever on the grid the pile sits. Red cells count as
        // suspended where they are below half their packed fraction.
        var solids = inlet.Sum();
        var redInlet = Math.Max(1e-12, inlet[red]);
        var trapped = new double[m];
        var arrived = new double[m];
        var suspended = new double[m];
        for (var i = 0; i < m; i++)
        {
            double t = 0, a = 0, s = 0;
            for (var j = 0; j < n; j++)
            {
                var withRed = phi[red, j] / redInlet;
                var solidsHere = 0.0;
                for (var k = 0; k < m; k++)
                {
                    solidsHere += phi[k, j];
                }

                var withPlasma = Math.Max(0, 1 - solidsHere) / Math.Max(1e-9, 1 - solids);
                if (i == red)
                {
                    var x = Math.Clamp(((phi[red, j] / Math.Max(packed, 1e-9)) - 0.25) / 0.5, 0, 1);
                    var packedShare = x * x * (3 - (2 * x));
                    t += phi[i, j] * packedShare;
                    s += phi[i, j] * (1 - packedShare);
                    continue;
                }

                var passive = Math.Min(phi[i, j], inlet[i] * (withRed + withPlasma));
                var redShare = withRed + withPlasma > 0 ? withRed / (withRed + withPlasma) : 0;
                t += passive * redShare;
                s += passive * (1 - redShare);
                a += phi[i, j] - passive;
            }

            var total = t + a + s;
            (trapped[i], arrived[i], suspended[i]) = total > 0 ? (t / total, a / total, s / total) : (0, 0, 1);
        }

        var matureShare = 1.0;
        if (m > Properties.Length)
        {
            // The immature granulocytes (the last population) go back into the granulocytes, by share.
            var g = (int)CellSpecies.Granulocytes;
            var (mature, immature) = (inlet[g], inlet[m - 1]);
            double Fold(double[] x) => ((x[g] * mature) + (x[m - 1] * immature)) / (mature + immature);
            var matureArrived = arrived[g] * mature;
            var allArrived = matureArrived + (arrived[m - 1] * immature);
            matureShare = allArrived > 0 ? matureArrived / allArrived : 1 - ImmatureGranulocyteShare;
            (trapped[g], arrived[g], suspended[g]) = (Fold(trapped), Fold(arrived), Fold(suspended));
            var folded = new double[Properties.Length, n];
            for (var i = 0; i < Properties.Length; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    folded[i, j] = phi[i, j] + (i == g ? phi[m - 1, j] : 0);
                }
            }

            (phi, trapped, arrived, suspended) = (folded, trapped[..^1], arrived[..^1], suspended[..^1]);
        }

        return new ChannelState([.. trapped], [.. arrived], [.. suspended], interfaceDepth, width * Geometry.DepthMeters * 1e6, packed, phi, steps, matureShare);
    }

    // The populations the channel settles: the species, and the immature granulocytes apart (last)
    // when the blood has them.
    private (IReadOnlyList<SpeciesProperties> Properties, double[] Inlet) Settled(ImmutableArray<double> fractions)
    {
        var g = (int)CellSpecies.Granulocytes;
        if (ImmatureGranulocyteShare <= 0 || fractions[g] <= 0)
        {
            return (Properties, [.. fractions]);
        }

        var inlet = new double[fractions.Length + 1];
        fractions.CopyTo(inlet);
        inlet[^1] = fractions[g] * ImmatureGranulocyteShare;
        inlet[g] -= inlet[^1];
        return ([.. Properties, SpeciesProperties.ImmatureGranulocytes], inlet);
    }

    /// <summary>The cheap half of a solve: the ports at this collect flow and offset, for a settled channel.</summary>
    public SeparationResult Draw(ChannelState channel, OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(point);
        var m = Properties.Length;
        var red = (int)CellSpecies.RedCells;
        var inlet = point.InletFlow.MillilitersPerMinute;
        var collect = point.CollectFlow.MillilitersPerMinute;
        var interfaceDepth = channel.InterfaceDepth;
        var packed = channel.PackedHematocrit;
        var trapped = channel.Trapped;
        var arrived = channel.Arrived;
        var suspended = channel.Suspended;

        // 2. The buffy coat, sub-grid: over many residence times the arrived cells stack on the red
        // cells at the product packing, in density order (platelets, too small to sink into the
        // white layer, on top), each layer as thick as its arrival rate (mL/min of stream). The
        // collect pump draws a window Q_c thick whose lower edge is offset from the red line. The
        // red line wobbles by δ; in stream units that is σ = Q_in·δ/h, so a faster inlet blurs the
        // layers more.
        var sigma = Math.Max(1e-9, inlet * Geometry.InterfaceWobbleMicrometers * point.WobbleScale * 1e-6 / Geometry.DepthMeters);
        var window = new CollectWindow(-point.InterfaceOffset * collect, collect, sigma);
        if (point.CollectHematocrit is { } target && point.OpenLoopPlasmaFlow is null)
        {
            window = window.HoldingHematocrit(target.Ratio, packed);
        }

        // Where the collect control put the window, before an open-loop plasma pump moved it.
        var placed = window;
        if (point.OpenLoopPlasmaFlow is { } plasmaFlow)
        {
            // Open loop: the plasma pump, set from the entered Hct, moves the layers past the port by
            // the difference between what it takes and the plasma that is there.
            var plasmaThere = Math.Max(0, (inlet * interfaceDepth) - collect);
            window = window with { Lower = window.Lower - (plasmaFlow.MillilitersPerMinute - plasmaThere) };
        }

        var toPlasma = new double[m];
        var toCollect = new double[m];
        var toRed = new double[m];
        var groups = StackOrder();
        var thicknesses = groups.Select(g => g.Sum(i => arrived[i] * point.InletFractions[i] * inlet) / Geometry.ProductPacking).ToArray();
        var redFlux = point.InletFractions[red] * inlet;

        // Mature neutrophils that reach the red cells lie in the red layer's top, not on it (their
        // density is the lightest red cells'): below the red line, falling off over a share of the
        // red cells (scale λ_s in stream units). The red cells hold them up to about their own
        // volume there: of T_m, T_m·λ_s/(λ_s + T_m) sinks and the rest stays in the bed (CML).
        var neutrophils = groups.FindIndex(g => g is [var only] && Properties[only].Species == CellSpecies.Granulocytes);
        var (sunk, sunkDrawn, sunkBelow) = (0.0, 0.0, 0.0);
        if (Geometry.GranulocyteRedLayerDepth > 0 && neutrophils >= 0 && thicknesses[neutrophils] > 0)
        {
            var mature = thicknesses[neutrophils] * channel.MatureShareOfArrivedGranulocytes;
            var scale = Geometry.GranulocyteRedLayerDepth * redFlux / Math.Max(packed, 1e-9);
            sunk = mature * scale / (scale + mature);
            thicknesses[neutrophils] -= sunk;
            // Among the red cells, what the window does not draw leaves with them, above it or below.
            sunkDrawn = WhiteLayer.InRedLayerTop(window, 0, scale).Drawn;
            sunkBelow = 1 - sunkDrawn;
        }

        // The mixing length is that of a cell of MixingReferenceMicrometers; it scales with size.
        var mixingLength = inlet * Geometry.MixingLengthMicrometers * point.MixingScale * 1e-6 / Geometry.DepthMeters;
        // Platelets arrive on top of the bed and are mixed into it by the white cells' motion: a
        // small cell among large ones disperses with the large cells' length (the bed's,
        // weighted by thickness), not its own.
        var mixing = new double[groups.Count];
        double bedThickness = 0, bedMixing = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            if (!IsSmall(groups[g]))
            {
                mixing[g] = mixingLength * groups[g].Average(i => Properties[i].DiameterMicrometers) / MixingReferenceMicrometers;
                bedThickness += thicknesses[g];
                bedMixing += mixing[g] * thicknesses[g];
            }
        }

        for (var g = 0; g < groups.Count; g++)
        {
            if (IsSmall(groups[g]))
            {
                mixing[g] = bedThickness > 0 ? bedMixing / bedThickness : mixingLength;
            }
        }

        var (drawnShares, belowShares) = WhiteLayer.Draw(thicknesses, mixing, window);
        var top = thicknesses.Sum();
        var aboveDrawn = window.Drawn(top, double.PositiveInfinity);
        if (Geometry.HeldWhiteLayer)
        {
            // Held against the wobble, not against a lasting move: a bed that an open-loop plasma
            // pump left below the window (it moved the window up) leaves with the red cells. The
            // collect control's own placement is not such a move: the sharp red line here stands
            // for an interface whose dilute top the port and the bed share.
            var drift = Math.Max(0, window.Lower - placed.Lower);
            // (With the window where the control put it, no band lies below the red line: nothing to lose.)
            var persistentBelow = drift > 0 ? WhiteLayer.Draw(thicknesses, mixing, new CollectWindow(drift, window.Width, 1e-9)).Below : new double[thicknesses.Length];
            aboveDrawn -= WhiteLayer.Hold(thicknesses, drawnShares, belowShares, persistentBelow, aboveDrawn);
        }

        var stackDrawn = thicknesses.Select((t, g) => t * drawnShares[g]).Sum();
        if (sunk > 0)
        {
            var rest = thicknesses[neutrophils];
            thicknesses[neutrophils] += sunk;
            drawnShares[neutrophils] = ((drawnShares[neutrophils] * rest) + (sunkDrawn * sunk)) / thicknesses[neutrophils];
            belowShares[neutrophils] = ((belowShares[neutrophils] * rest) + (sunkBelow * sunk)) / thicknesses[neutrophils];
        }

        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var i in groups[g])
            {
                if (thicknesses[g] <= 0)
                {
                    toPlasma[i] += arrived[i];
                    continue;
                }

                toCollect[i] += arrived[i] * drawnShares[g];
                toRed[i] += arrived[i] * belowShares[g];
                toPlasma[i] += arrived[i] * Math.Max(0, 1 - drawnShares[g] - belowShares[g]);
            }
        }

        // The window draws plasma with its suspended cells (platelets above all): above the stack,
        // between the packed white cells (1 − product packing) and between the packed red cells.
        var plasmaSide = Math.Max(1e-9, inlet * interfaceDepth);
        var redDrawn = window.Drawn(double.NegativeInfinity, 0);
        var plasmaVolume = aboveDrawn + (stackDrawn * (1 - Geometry.ProductPacking)) + (redDrawn * (1 - packed));
        var plasmaDrawn = Math.Min(1, plasmaVolume / plasmaSide);
        for (var i = 0; i < m; i++)
        {
            toCollect[i] += suspended[i] * plasmaDrawn;
            toPlasma[i] += suspended[i] * (1 - plasmaDrawn);
            if (i == red)
            {
                var redCollected = redFlux > 0 ? Math.Min(trapped[i] + arrived[i], redDrawn * packed / redFlux) : 0;
                toCollect[i] += redCollected;
                toRed[i] += trapped[i] + arrived[i] - redCollected;
            }
            else
            {
                toRed[i] += trapped[i];
            }
        }

        var productHct = redFlux * toCollect[red] / collect;
        var productFlow = point.CollectFlow;
        if (point.Mode == CollectionMode.Chamber)
        {
            productFlow = Chamber.Apply(this, point, toCollect, toPlasma);
        }

        // The red-cell stream leaves at the packed Hct; the plasma port takes the rest.
        var redCellFlow = Math.Min(inlet - collect, redFlux * toRed[red] / Math.Max(packed, 1e-9));
        var outer = Math.Clamp(interfaceDepth + (window.Lower / inlet), 0, 1);
        return new SeparationResult(
            [.. toPlasma],
            [.. toCollect],
            [.. toRed],
            VolumeFlow.FromMillilitersPerMinute(Math.Max(0, inlet - collect - redCellFlow)),
            VolumeFlow.FromMillilitersPerMinute(redCellFlow),
            productFlow,
            interfaceDepth,
            channel.InterfaceWidthMicrometers,
            Fraction.FromRatio(packed),
            Fraction.FromRatio(productHct),
            (Math.Max(0, outer - (collect / inlet)), outer),
            channel.Profile,
            channel.Steps,
            trapped,
            arrived,
            new WhiteLayerView([.. groups.Select((g, k) => new WhiteBand([.. g.Select(i => Properties[i].Species)], thicknesses[k], mixing[k], drawnShares[k], belowShares[k]))], window.Lower, window.Width, window.Sigma, sunk, sunk > 0 ? Geometry.GranulocyteRedLayerDepth * redFlux / Math.Max(packed, 1e-9) : 0, Geometry.HeldWhiteLayer));
    }

    private bool IsSmall(int species) => Properties[species].IsSmall;

    private bool IsSmall(int[] group) => group.All(IsSmall);

    // Layers of the buffy coat from the red cells inward: cells sorted by density (equal densities
    // share a layer), and the small dispersed cells (platelets) on top of them.
    private List<int[]> StackOrder()
    {
        var groups = new List<int[]>();
        var order = Enumerable.Range(0, Properties.Length)
            .Where(i => Properties[i].Species != CellSpecies.RedCells)
            .OrderBy(i => IsSmall(i) ? 1 : 0)
            .ThenByDescending(i => Properties[i].DensityKgPerM3)
            .ThenBy(i => i)
            .ToArray();
        foreach (var i in order)
        {
            var last = groups.Count > 0 ? groups[^1] : null;
            if (last is not null && Properties[last[0]].DensityKgPerM3 == Properties[i].DensityKgPerM3
                && IsSmall(last[0]) == IsSmall(i))
            {
                groups[^1] = [.. last, i];
            }
            else
            {
                groups.Add([i]);
            }
        }

        return groups;
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
}
