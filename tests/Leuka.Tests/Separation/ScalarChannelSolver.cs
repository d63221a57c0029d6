using Leuka.Patients;
using Leuka.Separation;

namespace Leuka.Tests.Separation;

/// <summary>
/// The channel solver as it was before it ran on vectors: cell-major, one element at a time. Kept
/// as the reference the vectorised solver must reproduce exactly (ChannelSolverTests).
/// </summary>
internal static class ScalarChannelSolver
{
    /// <summary>Largest fraction of a cell's content or free space moved in one step.</summary>
    private const double Courant = 0.45;

    /// <summary>Cells smaller than this (platelets) are dispersed by secondary flows.</summary>
    private const double SmallCellMicrometers = 4;

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

        // Cell-major flat layout, p[j·m + i]: the per-face loop over species reads contiguous memory.
        var p = new double[n * m];
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < m; i++)
            {
                p[(j * m) + i] = inletFractions[i];
            }
        }

        // Per species: d²/(18 μ) and density; per face: ω² r.
        var mobility = new double[m];
        var density = new double[m];
        for (var i = 0; i < m; i++)
        {
            var d = properties[i].DiameterMicrometers * 1e-6 * (properties[i].Species == CellSpecies.RedCells ? geometry.RedCellAggregation : 1);
            mobility[i] = d * d / (18 * geometry.PlasmaViscosityPascalSeconds);
            density[i] = properties[i].DensityKgPerM3;
        }

        var g = new double[n + 1];
        for (var f = 0; f <= n; f++)
        {
            g[f] = radiansPerSecond * radiansPerSecond * (geometry.InnerRadiusMeters + (f * dr));
        }

        var flux = new double[(n + 1) * m];
        var work = new double[3 * n];
        var column = new double[n];
        var dispersed = properties.Select(q => q.DiameterMicrometers < SmallCellMicrometers).ToArray();
        var significant = new double[m];
        for (var i = 0; i < m; i++)
        {
            significant[i] = Math.Max(Significant * inletFractions[i], 1e-12);
        }

        var slip = new double[m];
        var face = new double[m];
        var exponent = geometry.HinderedSettlingExponent - 2;
        var maxPacking = geometry.MaximumPacking;
        var rhoPlasma = geometry.PlasmaDensityKgPerM3;
        var cellTotal = new double[n];
        var t = 0.0;
        steps = 0;
        while (t < seconds)
        {
            // Each cell's solids once per step (the faces on both sides use them).
            for (var j = 0; j < n; j++)
            {
                var total = 0.0;
                var row = p.AsSpan(j * m, m);
                for (var i = 0; i < m; i++)
                {
                    total += row[i];
                }

                cellTotal[j] = total;
            }

            var maxRate = 0.0;
            for (var f = 1; f < n; f++)
            {
                // Mixture at the face: the mean of its two cells.
                var inner = p.AsSpan((f - 1) * m, m);
                var outer = p.AsSpan(f * m, m);
                for (var i = 0; i < m; i++)
                {
                    face[i] = 0.5 * (inner[i] + outer[i]);
                }

                var mean = Slip(face, g[f], mobility, density, rhoPlasma, exponent, slip);

                var freeInner = Math.Max(0, 1 - (cellTotal[f - 1] / maxPacking));
                var freeOuter = Math.Max(0, 1 - (cellTotal[f] / maxPacking));
                var faceFlux = flux.AsSpan(f * m, m);
                for (var i = 0; i < m; i++)
                {
                    var u = slip[i] - mean;
                    // Outward: from the inner cell into the outer one, limited by the outer cell's free space.
                    var donor = u >= 0 ? inner[i] : outer[i];
                    faceFlux[i] = u >= 0 ? donor * u * freeOuter : donor * u * freeInner;

                    // The step follows species that carry something; traces move at most a capped share.
                    if (donor > significant[i])
                    {
                        maxRate = Math.Max(maxRate, Math.Abs(u));
                    }
                }
            }

            var dt = Math.Min(seconds - t, Courant * dr / Math.Max(maxRate, 1e-12));
            var cap = Courant * dr / dt;
            for (var i = 0; i < m; i++)
            {
                for (var f = 1; f < n; f++)
                {
                    // No donor loses more than the Courant share through one face: positivity without
                    // letting a trace set the step. The same capped flux leaves one cell and enters the next.
                    var k = (f * m) + i;
                    var donor = flux[k] >= 0 ? p[k - m] : p[k];
                    var limit = cap * donor;
                    flux[k] = Math.Clamp(flux[k], -limit, limit);
                }

                for (var j = 0; j < n; j++)
                {
                    // Walls (faces 0 and n) carry no flux.
                    var k = (j * m) + i;
                    p[k] += dt / dr * (flux[k] - flux[k + m]);
                }
            }

            if (geometry.DispersionSquareMetersPerSecond > 0)
            {
                Disperse(p, m, n, geometry, dt / (dr * dr), work, column, dispersed);
            }

            t += dt;
            steps++;
        }

        var phi = new double[m, n];
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < m; i++)
            {
                phi[i, j] = p[(j * m) + i];
            }
        }

        return phi;
    }

    // Implicit (backward Euler) dispersion, species by species: conservative, positive, stable at
    // any step. Face coefficients from the total solids after advection.
    private static void Disperse(double[] p, int m, int n, ChannelGeometry geometry, double ratio, double[] work, double[] column, bool[] dispersed)
    {
        Span<double> face = stackalloc double[n + 1];
        for (var f = 1; f < n; f++)
        {
            var total = 0.0;
            for (var i = 0; i < m; i++)
            {
                total += 0.5 * (p[((f - 1) * m) + i] + p[(f * m) + i]);
            }

            var free = Math.Max(0, 1 - (total / geometry.MaximumPacking));
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

            // Thomas algorithm for −a·x[j−1] + (1 + a + c)·x[j] − c·x[j+1] = φ[j].
            for (var j = 0; j < n; j++)
            {
                lower[j] = -face[j];
                upper[j] = -face[j + 1];
                diagonal[j] = 1 + face[j] + face[j + 1];
                column[j] = p[(j * m) + i];
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

            for (var j = 0; j < n; j++)
            {
                p[(j * m) + i] = column[j];
            }
        }
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
