using System.Diagnostics;
using Leuka.Patients;

namespace Leuka.Separation;

/// <summary>
/// Channel geometry and the physical constants of hindered settling. Commercial geometry is not
/// public: these are plausible, and the free ones are calibrated (docs/model/separator.md).
/// </summary>
/// <param name="InnerRadiusMeters">Radius of the channel's inner wall.</param>
/// <param name="DepthMeters">Radial depth of the channel.</param>
/// <param name="VolumeMilliliters">Channel volume (sets the residence time V / Q).</param>
/// <param name="PlasmaDensityKgPerM3">Plasma density at 37 °C.</param>
/// <param name="PlasmaViscosityPascalSeconds">Plasma viscosity at 37 °C.</param>
/// <param name="HinderedSettlingExponent">Richardson–Zaki n in (1 − φ)^(n − 2).</param>
/// <param name="MaximumPacking">Largest total solids fraction.</param>
/// <param name="Cells">Number of finite volumes across the depth.</param>
/// <param name="DispersionSquareMetersPerSecond">Mixing of small cells (platelets, under 4 µm) by secondary flows in the plasma layer ("platelet swirling"), vanishing as the suspension packs: D = D0·(1 − φ/φ_max)². Large cells settle too fast for it to matter.</param>
/// <param name="RedCellAggregation">Hydrodynamic size of settling red cells over their single-cell size (rouleaux).</param>
/// <param name="InterfaceWobbleMicrometers">Standard deviation of the red line's position at the collect port (flow pulsation, sensor and control error): it blurs which buffy-coat layers the port draws from.</param>
/// <param name="ProductPacking">Largest cell volume fraction the collect stream carries.</param>
/// <param name="GranulocyteRedLayerDepth">Neutrophils that reach the red cells do not rest on them but lie in the red layer's top, their concentration falling off exponentially with this scale, as a share of the red cells (0: on top, as the other white cells; docs/model/separator.md).</param>
/// <param name="HeldWhiteLayer">The white layer rides on the red line: what the interface's wobble puts below the collect window is drawn or spills to the plasma later rather than leaving with the red cells (docs/model/separator.md).</param>
/// <param name="MixingLengthMicrometers">How far shear mixes cells within the white layer (the buffy coat) before they reach the ports: the layers, stacked by density, overlap by this much (docs/model/separator.md).</param>
public sealed record ChannelGeometry(
    double InnerRadiusMeters,
    double DepthMeters,
    double VolumeMilliliters,
    double PlasmaDensityKgPerM3,
    double PlasmaViscosityPascalSeconds,
    double HinderedSettlingExponent,
    double MaximumPacking,
    int Cells,
    double DispersionSquareMetersPerSecond = 0,
    double RedCellAggregation = 1,
    double InterfaceWobbleMicrometers = 3,
    double ProductPacking = 0.7,
    double MixingLengthMicrometers = 0,
    double GranulocyteRedLayerDepth = 0,
    bool HeldWhiteLayer = false);

/// <summary>
/// Multi-species hindered settling (Masliyah–Lockett–Bassoon) across the channel depth, solved
/// with a conservative finite-volume scheme over the residence time. Planar in r (the depth is
/// small beside the radius) with g = ω²r. Species velocity relative to the vessel:
/// u_i = s_i − Σ φ_j s_j with s_i = (ω² r d_i² / 18 μ)(1 − φ)^(n−2)(ρ_i − ρ̄), ρ̄ the local
/// suspension density. Upwind fluxes scaled by the free space of the receiving cell keep every
/// fraction in [0, φ_max].
/// </summary>
public static class ChannelSolver
{
    /// <summary>Largest fraction of a cell's content or free space moved in one step.</summary>
    private const double Courant = 0.45;

    /// <summary>Cells smaller than this (platelets) are dispersed by secondary flows.</summary>
    internal const double SmallCellMicrometers = 4;

    /// <summary>Share of its inlet fraction below which a species' speed does not set the time step.</summary>
    private const double Significant = 0.01;

    /// <summary>
    /// Settles an initially uniform suspension for a time and returns the volume fractions,
    /// [species, cell] from the inner wall (cell 0) to the outer wall.
    /// </summary>
    /// <param name="geometry">Channel and constants.</param>
    /// <param name="properties">Species properties, in <see cref="CellSpecies"/> order.</param>
    /// <param name="inletFractions">Volume fraction of each species entering.</param>
    /// <param name="radiansPerSecond">Angular velocity.</param>
    /// <param name="seconds">Residence time.</param>
    /// <param name="steps">Number of time steps taken.</param>
    public static double[,] Settle(ChannelGeometry geometry, IReadOnlyList<SpeciesProperties> properties, IReadOnlyList<double> inletFractions, double radiansPerSecond, double seconds, out int steps)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(inletFractions);
        var m = properties.Count;
        var n = geometry.Cells;
        var dr = geometry.DepthMeters / n;

        // Species-major flat layout, p[i·n + j]: each species' column is contiguous, so every loop
        // over cells or faces runs on whole vectors (System.Numerics). Each element is computed
        // with the same operations in the same order as a scalar loop would: the result does not
        // depend on the vector width (tested against the scalar form).
        var p = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            p.AsSpan(i * n, n).Fill(inletFractions[i]);
        }

        // Per species: d²/(18 μ) and density; per interior face f = 1 … n − 1 (index f − 1): ω² r.
        var mobility = new double[m];
        var density = new double[m];
        for (var i = 0; i < m; i++)
        {
            var d = properties[i].DiameterMicrometers * 1e-6 * (properties[i].Species == CellSpecies.RedCells ? geometry.RedCellAggregation : 1);
            mobility[i] = d * d / (18 * geometry.PlasmaViscosityPascalSeconds);
            density[i] = properties[i].DensityKgPerM3;
        }

        var faces = n - 1;
        var g = new double[faces];
        for (var f = 1; f < n; f++)
        {
            g[f - 1] = radiansPerSecond * radiansPerSecond * (geometry.InnerRadiusMeters + (f * dr));
        }

        // Fluxes per species over the n + 1 faces; the walls (faces 0 and n) stay 0.
        var flux = new double[m * (n + 1)];
        var work = new double[3 * n];
        var dispersed = properties.Select(q => q.IsSmall).ToArray();
        var significant = new double[m];
        for (var i = 0; i < m; i++)
        {
            significant[i] = Math.Max(Significant * inletFractions[i], 1e-12);
        }

        var faceMix = new double[m * faces];
        var slip = new double[m * faces];
        var faceTotal = new double[faces];
        var rho = new double[faces];
        var hindrance = new double[faces];
        var mean = new double[faces];
        var cellTotal = new double[n];
        var exponent = geometry.HinderedSettlingExponent - 2;
        var t = 0.0;
        steps = 0;
        while (t < seconds)
        {
            // One pass per species (fewer passes, the same sums in the same order): each cell's
            // solids (the faces on both sides use them), and the mixture at each face, the mean of
            // its two cells, with its solids and density.
            cellTotal.AsSpan().Clear();
            faceTotal.AsSpan().Clear();
            rho.AsSpan().Clear();
            for (var i = 0; i < m; i++)
            {
                Vectors.Accumulate(p.AsSpan(i * n, n), density[i], cellTotal, faceMix.AsSpan(i * faces, faces), faceTotal, rho);
            }

            Vectors.Hindrance(faceTotal, rho, geometry.PlasmaDensityKgPerM3, exponent, hindrance);

            // Hindered slip of each species against the local suspension, and its volume average.
            mean.AsSpan().Clear();
            for (var i = 0; i < m; i++)
            {
                Vectors.Slip(g, mobility[i], hindrance, density[i], rho, slip.AsSpan(i * faces, faces), faceMix.AsSpan(i * faces, faces), mean);
            }

            // Upwind fluxes, limited by the receiving cell's free space; the fastest species that
            // carries something sets the step.
            var maxRate = 0.0;
            for (var i = 0; i < m; i++)
            {
                maxRate = Math.Max(maxRate, Vectors.Flux(
                    p.AsSpan(i * n, faces), p.AsSpan((i * n) + 1, faces), slip.AsSpan(i * faces, faces), mean,
                    cellTotal.AsSpan(0, faces), cellTotal.AsSpan(1, faces), geometry.MaximumPacking, significant[i],
                    flux.AsSpan((i * (n + 1)) + 1, faces)));
            }

            var dt = Math.Min(seconds - t, Courant * dr / Math.Max(maxRate, 1e-12));
            var cap = Courant * dr / dt;
            var rate = dt / dr;
            for (var i = 0; i < m; i++)
            {
                // No donor loses more than the Courant share through one face: positivity without
                // letting a trace set the step. The same capped flux leaves one cell and enters the next.
                var column = p.AsSpan(i * n, n);
                var f = flux.AsSpan(i * (n + 1), n + 1);
                Vectors.Cap(f.Slice(1, faces), column[..faces], column[1..], cap);
                Vectors.Update(column, f[..n], f[1..], rate);
                Debug.Assert(!column.ContainsAnyExceptInRange(-1e-12, double.PositiveInfinity), "volume fractions stay non-negative (and are numbers)");
            }

            if (geometry.DispersionSquareMetersPerSecond > 0)
            {
                Disperse(p, m, n, geometry, dt / (dr * dr), work, cellTotal, dispersed);
            }

            t += dt;
            steps++;
        }

        var phi = new double[m, n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                phi[i, j] = p[(i * n) + j];
            }
        }

        return phi;
    }

    // Implicit (backward Euler) dispersion, species by species: conservative, positive, stable at
    // any step. Face coefficients from the total solids after advection.
    private static void Disperse(double[] p, int m, int n, ChannelGeometry geometry, double ratio, double[] work, double[] total, bool[] dispersed)
    {
        // Solids at each interior face (index f − 1), species by species as the advection sums them.
        var faces = n - 1;
        var faceTotal = total.AsSpan(0, faces);
        faceTotal.Clear();
        for (var i = 0; i < m; i++)
        {
            Vectors.AddMean(faceTotal, p.AsSpan(i * n, faces), p.AsSpan((i * n) + 1, faces));
        }

        Span<double> face = stackalloc double[n + 1];
        for (var f = 1; f < n; f++)
        {
            var free = Math.Max(0, 1 - (faceTotal[f - 1] / geometry.MaximumPacking));
            face[f] = ratio * geometry.DispersionSquareMetersPerSecond * free * free;
        }

        face[0] = 0;
        face[n] = 0;
        var lower = work.AsSpan(0, n);
        var diagonal = work.AsSpan(n, n);
        var upper = work.AsSpan(2 * n, n);
        for (var i = 0; i < m; i++)
        {
            if (!dispersed[i])
            {
                continue;
            }

            // Thomas algorithm for −a·x[j−1] + (1 + a + c)·x[j] − c·x[j+1] = φ[j], in place.
            var column = p.AsSpan(i * n, n);
            for (var j = 0; j < n; j++)
            {
                lower[j] = -face[j];
                upper[j] = -face[j + 1];
                diagonal[j] = 1 + face[j] + face[j + 1];
            }

            for (var j = 1; j < n; j++)
            {
                var w = lower[j] / diagonal[j - 1];
                diagonal[j] -= w * upper[j - 1];
                column[j] -= w * column[j - 1];
            }

            column[n - 1] /= diagonal[n - 1];
            for (var j = n - 2; j >= 0; j--)
            {
                column[j] = (column[j] - (upper[j] * column[j + 1])) / diagonal[j];
            }
        }
    }

    /// <summary>
    /// Velocities relative to the vessel (m/s, positive outward) of every species in a mixture: the
    /// hindered slip s_i = g·d_i²/(18 μ)·(1 − φ)^(n−2)·(ρ_i − ρ̄) against the local suspension density,
    /// less the volume-averaged slip.
    /// </summary>
    /// <param name="geometry">Constants.</param>
    /// <param name="properties">Species properties.</param>
    /// <param name="fractions">Local volume fractions.</param>
    /// <param name="acceleration">Centrifugal acceleration ω²r, m/s².</param>
    public static double[] Velocities(ChannelGeometry geometry, IReadOnlyList<SpeciesProperties> properties, IReadOnlyList<double> fractions, double acceleration)
    {
        var slip = SlipVelocities(geometry, properties, fractions, acceleration);
        var mean = slip.Select((v, i) => v * fractions[i]).Sum();
        return [.. slip.Select(v => v - mean)];
    }

    /// <summary>
    /// The hindered slip of each species against the suspension (m/s, positive outward): its sign
    /// is the sign of ρ_i − ρ̄, buoyancy relative to the local mixture, not to plasma.
    /// </summary>
    public static double[] SlipVelocities(ChannelGeometry geometry, IReadOnlyList<SpeciesProperties> properties, IReadOnlyList<double> fractions, double acceleration)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(fractions);
        var mobility = properties.Select((p, i) =>
        {
            var d = p.DiameterMicrometers * 1e-6 * (p.Species == CellSpecies.RedCells ? geometry.RedCellAggregation : 1);
            return d * d / (18 * geometry.PlasmaViscosityPascalSeconds);
        }).ToArray();
        var density = properties.Select(p => p.DensityKgPerM3).ToArray();
        var slip = new double[properties.Count];
        Slip(fractions.ToArray(), acceleration, mobility, density, geometry.PlasmaDensityKgPerM3, geometry.HinderedSettlingExponent - 2, slip);
        return slip;
    }

    // Fills the slip of each species and returns Σ φ_i s_i.
    private static double Slip(ReadOnlySpan<double> fractions, double acceleration, double[] mobility, double[] density, double rhoPlasma, double exponent, Span<double> slip)
    {
        var total = 0.0;
        var rho = 0.0;
        for (var i = 0; i < fractions.Length; i++)
        {
            total += fractions[i];
            rho += fractions[i] * density[i];
        }

        rho += (1 - total) * rhoPlasma;
        var free = Math.Max(0, 1 - total);

        // pow(x, 1) is x exactly: skip the call in the common n = 3 case.
        var hindrance = exponent == 1 ? free : Math.Pow(free, exponent);
        var mean = 0.0;
        for (var i = 0; i < fractions.Length; i++)
        {
            slip[i] = acceleration * mobility[i] * hindrance * (density[i] - rho);
            mean += fractions[i] * slip[i];
        }

        return mean;
    }
}
