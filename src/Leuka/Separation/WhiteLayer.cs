using MathNet.Numerics.Distributions;

namespace Leuka.Separation;

/// <summary>
/// The white layer (buffy coat) between the red cells and the plasma, in stream units (mL/min of
/// flow above the red line). Its cells arrive in density order, each group a band as thick as its
/// arrival rate at the product packing; shear then mixes them over a mixing length σ_m within the
/// layer: each band becomes its box convolved with a Gaussian of width σ_m, reflected at the red
/// line and at the layer's top (cells mix among themselves, not into the packed red cells or the
/// plasma). Shear-induced diffusion goes as γ̇a², so σ_m grows with the white cell's size;
/// platelets, carried by the white cells around them, mix with the white cells' σ_m. A band given
/// no mixing rests on top of the bed as a box. A thin layer (T ≪ σ_m) is well mixed; a thick one keeps its order inside. The collect
/// window then draws from the mixed profile. Model: docs/model/separator.md (white layer).
/// </summary>
internal static class WhiteLayer
{
    // Cells across the layer for the mixed profile; the window is integrated exactly over each.
    internal const int Grid = 64;

    /// <summary>Per band: the share drawn by the window, and the share below it (leaving with the red cells).</summary>
    public static (double[] Drawn, double[] Below) Draw(IReadOnlyList<double> thicknesses, IReadOnlyList<double> mixing, Separator.CollectWindow window)
    {
        var count = thicknesses.Count;
        var drawn = new double[count];
        var below = new double[count];
        var total = thicknesses.Sum();
        if (total <= 0)
        {
            return (drawn, below);
        }

        // The bed: the bands shear mixes (white cells), in order from the red line. Unmixed bands
        // (platelets) rest on top of it, each a box.
        var mixed = Enumerable.Range(0, count).Where(g => thicknesses[g] > 0 && mixing[g] > 1e-6 * total).ToArray();
        var bed = mixed.Sum(g => thicknesses[g]);
        var above = bed;
        for (var g = 0; g < count; g++)
        {
            var t = thicknesses[g];
            if (t > 0 && !mixed.Contains(g))
            {
                (drawn[g], below[g]) = (window.Drawn(above, above + t) / t, window.BelowWindow(above, above + t) / t);
                above += t;
            }
        }

        if (bed <= 0)
        {
            return (drawn, below);
        }

        // A band mixed over twice the bed's thickness or more is uniform across it (the reflected
        // kernel's slowest mode has decayed by e^(−2π²) ≈ 3e-9): drawn as the whole bed, in closed
        // form. Only partly mixed bands need the grid, so thin beds (most blood's) never do.
        var uniformDrawn = window.Drawn(0, bed) / bed;
        var uniformBelow = window.BelowWindow(0, bed) / bed;
        var h = bed / Grid;
        double[]? windowShare = null;
        double[]? belowShare = null;
        var mass = new double[Grid];
        var top = 0.0;
        foreach (var g in mixed)
        {
            var t = thicknesses[g];
            if (mixing[g] >= 2 * bed)
            {
                (drawn[g], below[g]) = (uniformDrawn, uniformBelow);
            }
            else
            {
                if (windowShare is null || belowShare is null)
                {
                    windowShare = new double[Grid];
                    belowShare = new double[Grid];
                    for (var j = 0; j < Grid; j++)
                    {
                        windowShare[j] = window.Drawn(j * h, (j + 1) * h) / h;
                        belowShare[j] = window.BelowWindow(j * h, (j + 1) * h) / h;
                    }
                }

                Smear(top, top + t, bed, mixing[g], mass);
                double d = 0, b = 0;
                for (var j = 0; j < Grid; j++)
                {
                    d += mass[j] * windowShare[j];
                    b += mass[j] * belowShare[j];
                }

                // The smear's cell masses add up to the band to round-off (tested); a band's shares
                // are closed on it all the same, so that no cell leaves by two ports.
                var sum = d + b;
                (drawn[g], below[g]) = sum > t ? (d / sum, b / sum) : (d / t, b / t);
            }

            top += t;
        }

        return (drawn, below);
    }

    // Cell masses of the band [a, b] convolved with a Gaussian σ and reflected at 0 and T: the
    // images of [a, b] under the reflections are [a + 2kT, b + 2kT] and [2kT − b, 2kT − a]. A box
    // convolved with a Gaussian is Φ((x − a)/σ) − Φ((x − b)/σ); its integral over a cell uses
    // J(u) = u·Φ(u) + φ(u), the antiderivative of Φ.
    internal static void Smear(double a, double b, double total, double sigma, double[] mass)
    {
        Array.Clear(mass);
        var h = total / Grid;

        // Enough images that every one within 8σ of the bed is counted (the masses then add up to
        // the band's thickness: tested).
        var images = (int)Math.Ceiling(((8 * sigma) + total) / (2 * total)) + 1;
        for (var k = -images; k <= images; k++)
        {
            Add(a + (2 * k * total), b + (2 * k * total));
            Add((2 * k * total) - b, (2 * k * total) - a);
        }

        void Add(double lo, double hi)
        {
            // A band far thinner than σ (a trace species) is a point: its cell masses from the
            // Gaussian's CDF, since differences of the antiderivative would cancel catastrophically.
            if (hi - lo < 1e-6 * sigma)
            {
                var centre = 0.5 * (lo + hi);
                if (centre < -8 * sigma || centre > total + (8 * sigma))
                {
                    return;
                }

                var below = Normal.CDF(0, 1, -centre / sigma);
                for (var j = 0; j < Grid; j++)
                {
                    var next = Normal.CDF(0, 1, (((j + 1) * h) - centre) / sigma);
                    mass[j] += (hi - lo) * (next - below);
                    below = next;
                }

                return;
            }

            // Images far outside the layer add nothing.
            if (hi < -8 * sigma || lo > total + (8 * sigma))
            {
                return;
            }

            var previous = Antiderivative(0, lo, hi, sigma);
            for (var j = 0; j < Grid; j++)
            {
                var next = Antiderivative((j + 1) * h, lo, hi, sigma);
                mass[j] += next - previous;
                previous = next;
            }
        }
    }

    private static double Antiderivative(double x, double lo, double hi, double sigma) => sigma * (J((x - lo) / sigma) - J((x - hi) / sigma));

    private static double J(double u) => (u * Normal.CDF(0, 1, u)) + Normal.PDF(0, 1, u);

    /// <summary>
    /// Neutrophils in the red layer's top: a band whose concentration falls off exponentially below
    /// its top (at <paramref name="top"/>, stream units from the red line) with scale
    /// <paramref name="scale"/>. Per unit of the band: the share the window draws and the share below it.
    /// </summary>
    public static (double Drawn, double Below) InRedLayerTop(Separator.CollectWindow window, double top, double scale)
    {
        var below = UnderEdge(window.Lower, top, window.Sigma, scale);
        var drawn = UnderEdge(window.Lower + window.Width, top, window.Sigma, scale) - below;
        return (Math.Max(0, drawn), Math.Clamp(below, 0, 1));
    }

    // (1/L)∫_{−∞}^{top} Φ((edge − x)/σ)·e^{(x − top)/L} dx, in closed form: with z = (edge − top)/σ,
    // Φ(z) + e^{(edge − top)/L + σ²/2L²}·Φ(−z − σ/L). Far in the tail the product is φ(z)·Φ(b)/φ(b)
    // (b = −z − σ/L), written with the Mills ratio so that it never overflows.
    private static double UnderEdge(double edge, double top, double sigma, double scale)
    {
        var z = (edge - top) / sigma;
        var b = -z - (sigma / scale);
        var tail = b < -8
            ? Normal.PDF(0, 1, z) / -b * (1 - (1 / (b * b)) + (3 / (b * b * b * b)))
            : Math.Exp(((edge - top) / scale) + (sigma * sigma / (2 * scale * scale))) * Normal.CDF(0, 1, b);
        return Normal.CDF(0, 1, z) + tail;
    }

    /// <summary>
    /// The bed is held: it rides on the red line, so what the wobble puts below the window at one
    /// moment is not carried off by the red cells but drawn or spilled to the plasma later, in the
    /// proportions the window gives. Only the wobble's share is held: what lies below the window's
    /// mean lower edge (<paramref name="persistentBelow"/>, the shares of a window without wobble: a
    /// port set above the layer, an open-loop plasma pump that moved it) leaves with the red cells.
    /// The window's volume is fixed: what the bed adds displaces the plasma it would have drawn from
    /// above the bed (<paramref name="aboveDrawn"/>), and no more; the rest spills to the plasma.
    /// Rewrites the shares in place; returns the window volume taken from that plasma.
    /// </summary>
    public static double Hold(IReadOnlyList<double> thicknesses, double[] drawn, double[] below, IReadOnlyList<double> persistentBelow, double aboveDrawn)
    {
        var held = new double[drawn.Length];
        var keep = new double[drawn.Length];
        var extra = 0.0;
        for (var g = 0; g < drawn.Length; g++)
        {
            keep[g] = Math.Min(below[g], persistentBelow[g]);
            var moved = below[g] - keep[g];
            // The moved share goes where the rest of the band goes: drawn / (drawn + above).
            var stays = 1 - below[g];
            held[g] = Math.Min(1 - keep[g], drawn[g] + (stays > 1e-12 ? moved * drawn[g] / stays : moved));
            extra += (held[g] - drawn[g]) * thicknesses[g];
        }

        var k = extra > Math.Max(0, aboveDrawn) ? Math.Max(0, aboveDrawn) / extra : 1;
        for (var g = 0; g < drawn.Length; g++)
        {
            drawn[g] += (held[g] - drawn[g]) * k;
            below[g] = keep[g];
        }

        return extra * k;
    }
}
