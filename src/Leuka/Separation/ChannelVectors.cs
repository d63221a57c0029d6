using System.Numerics;

namespace Leuka.Separation;

/// <summary>
/// The channel solver's element-wise loops over cells or faces, on whole vectors and then a scalar
/// tail. Each element gets the same operations in the same order as the scalar expression beside
/// it (no fused multiply-add), so the result is the same whatever the vector width.
/// </summary>
internal static class Vectors
{
    private static int Width => Vector<double>.Count;

    /// <summary>
    /// One species' column into the step's sums: total[j] += column[j] over the cells; over the
    /// faces between cells j and j + 1, mix[j] = 0.5·(column[j] + column[j + 1]), faceTotal[j] += mix[j]
    /// and rho[j] += mix[j]·density.
    /// </summary>
    public static void Accumulate(ReadOnlySpan<double> column, double density, Span<double> total, Span<double> mix, Span<double> faceTotal, Span<double> rho)
    {
        var faces = mix.Length;
        var a = column[..faces];
        var b = column[1..];
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var half = new Vector<double>(0.5);
            for (; k <= faces - Width; k += Width)
            {
                var va = new Vector<double>(a[k..]);
                (new Vector<double>(total[k..]) + va).CopyTo(total[k..]);
                var vm = half * (va + new Vector<double>(b[k..]));
                vm.CopyTo(mix[k..]);
                (new Vector<double>(faceTotal[k..]) + vm).CopyTo(faceTotal[k..]);
                (new Vector<double>(rho[k..]) + (vm * density)).CopyTo(rho[k..]);
            }
        }

        for (; k < faces; k++)
        {
            total[k] += a[k];
            var m = 0.5 * (a[k] + b[k]);
            mix[k] = m;
            faceTotal[k] += m;
            rho[k] += m * density;
        }

        total[faces] += column[faces];
    }

    /// <summary>acc += 0.5·(a + b).</summary>
    public static void AddMean(Span<double> acc, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; k <= acc.Length - Width; k += Width)
            {
                (new Vector<double>(acc[k..]) + (new Vector<double>(0.5) * (new Vector<double>(a[k..]) + new Vector<double>(b[k..])))).CopyTo(acc[k..]);
            }
        }

        for (; k < acc.Length; k++)
        {
            acc[k] += 0.5 * (a[k] + b[k]);
        }
    }

    /// <summary>
    /// The suspension's density from the solids' share (rho holds Σ φ_i ρ_i and gains the plasma's
    /// (1 − φ) ρ_plasma) and the hindrance (1 − φ)^(n−2), free space floored at 0.
    /// </summary>
    public static void Hindrance(ReadOnlySpan<double> total, Span<double> rho, double rhoPlasma, double exponent, Span<double> hindrance)
    {
        for (var k = 0; k < total.Length; k++)
        {
            rho[k] += (1 - total[k]) * rhoPlasma;
            var free = Math.Max(0, 1 - total[k]);

            // pow(x, 1) is x exactly: skip the call in the common n = 3 case.
            hindrance[k] = exponent == 1 ? free : Math.Pow(free, exponent);
        }
    }

    /// <summary>
    /// dst = g·mobility·hindrance·(density − rho): the hindered slip against the suspension; and
    /// mean += mix·dst, its volume average so far.
    /// </summary>
    public static void Slip(ReadOnlySpan<double> g, double mobility, ReadOnlySpan<double> hindrance, double density, ReadOnlySpan<double> rho, Span<double> dst, ReadOnlySpan<double> mix, Span<double> mean)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; k <= dst.Length - Width; k += Width)
            {
                var s = new Vector<double>(g[k..]) * mobility * new Vector<double>(hindrance[k..]) * (new Vector<double>(density) - new Vector<double>(rho[k..]));
                s.CopyTo(dst[k..]);
                (new Vector<double>(mean[k..]) + (new Vector<double>(mix[k..]) * s)).CopyTo(mean[k..]);
            }
        }

        for (; k < dst.Length; k++)
        {
            dst[k] = g[k] * mobility * hindrance[k] * (density - rho[k]);
            mean[k] += mix[k] * dst[k];
        }
    }

    /// <summary>
    /// Upwind fluxes through the faces between cells inner and outer, u = slip − mean: outward from
    /// the inner cell limited by the outer cell's free space, inward the other way round. Returns the
    /// fastest |u| among faces whose donor carries more than <paramref name="significant"/>.
    /// </summary>
    public static double Flux(ReadOnlySpan<double> inner, ReadOnlySpan<double> outer, ReadOnlySpan<double> slip, ReadOnlySpan<double> mean,
        ReadOnlySpan<double> totalInner, ReadOnlySpan<double> totalOuter, double maxPacking, double significant, Span<double> flux)
    {
        var k = 0;
        var fastest = 0.0;
        if (Vector.IsHardwareAccelerated)
        {
            var zero = Vector<double>.Zero;
            var one = Vector<double>.One;
            var packing = new Vector<double>(maxPacking);
            var floor = new Vector<double>(significant);
            var rate = zero;
            for (; k <= flux.Length - Width; k += Width)
            {
                var u = new Vector<double>(slip[k..]) - new Vector<double>(mean[k..]);
                var outward = Vector.GreaterThanOrEqual(u, zero);
                var donor = Vector.ConditionalSelect(outward, new Vector<double>(inner[k..]), new Vector<double>(outer[k..]));
                var freeInner = Vector.Max(zero, one - (new Vector<double>(totalInner[k..]) / packing));
                var freeOuter = Vector.Max(zero, one - (new Vector<double>(totalOuter[k..]) / packing));
                (donor * u * Vector.ConditionalSelect(outward, freeOuter, freeInner)).CopyTo(flux[k..]);
                rate = Vector.Max(rate, Vector.ConditionalSelect(Vector.GreaterThan(donor, floor), Vector.Abs(u), zero));
            }

            for (var v = 0; v < Width; v++)
            {
                fastest = Math.Max(fastest, rate[v]);
            }
        }

        for (; k < flux.Length; k++)
        {
            var u = slip[k] - mean[k];
            var donor = u >= 0 ? inner[k] : outer[k];
            var free = u >= 0 ? Math.Max(0, 1 - (totalOuter[k] / maxPacking)) : Math.Max(0, 1 - (totalInner[k] / maxPacking));
            flux[k] = donor * u * free;
            if (donor > significant)
            {
                fastest = Math.Max(fastest, Math.Abs(u));
            }
        }

        return fastest;
    }

    /// <summary>No donor loses more than cap × its content through one face: flux within ±cap·donor.</summary>
    public static void Cap(Span<double> flux, ReadOnlySpan<double> inner, ReadOnlySpan<double> outer, double cap)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zero = Vector<double>.Zero;
            for (; k <= flux.Length - Width; k += Width)
            {
                var f = new Vector<double>(flux[k..]);
                var limit = new Vector<double>(cap) * Vector.ConditionalSelect(Vector.GreaterThanOrEqual(f, zero), new Vector<double>(inner[k..]), new Vector<double>(outer[k..]));
                Vector.Min(Vector.Max(f, -limit), limit).CopyTo(flux[k..]);
            }
        }

        for (; k < flux.Length; k++)
        {
            var limit = cap * (flux[k] >= 0 ? inner[k] : outer[k]);
            flux[k] = Math.Min(Math.Max(flux[k], -limit), limit);
        }
    }

    /// <summary>column += rate·(in − out): what enters through a cell's inner face less what leaves through its outer one.</summary>
    public static void Update(Span<double> column, ReadOnlySpan<double> fluxIn, ReadOnlySpan<double> fluxOut, double rate)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; k <= column.Length - Width; k += Width)
            {
                (new Vector<double>(column[k..]) + (new Vector<double>(rate) * (new Vector<double>(fluxIn[k..]) - new Vector<double>(fluxOut[k..])))).CopyTo(column[k..]);
            }
        }

        for (; k < column.Length; k++)
        {
            column[k] += rate * (fluxIn[k] - fluxOut[k]);
        }
    }
}
