using System.Diagnostics;

namespace Leuka.Physiology;

/// <summary>
/// Exact solution of x' = A·x + b over a step for a 2×2 compartmental matrix A (real eigenvalues),
/// with the integral of x over the step, so that fluxes (∫x) and states agree. Functions of A are
/// taken by Lagrange interpolation on the eigenvalues: f(A) = c0·I + c1·A.
/// </summary>
internal readonly record struct Matrix2(double A11, double A12, double A21, double A22)
{
    /// <summary>x(t) and ∫₀ᵗ x for x(0) = (x1, x2) and constant source (b1, b2).</summary>
    public (double X1, double X2, double I1, double I2) Solve(double x1, double x2, double b1, double b2, double t)
    {
        Debug.Assert(A12 >= 0 && A21 >= 0, "compartmental: non-negative exchange");
        var half = (A11 + A22) / 2;
        var d = (A11 - A22) / 2;
        var delta = Math.Sqrt((d * d) + (A12 * A21));
        var l1 = half + delta;
        var l2 = half - delta;

        var (e0, e1) = Coefficients(l1, l2, t, Exp);
        var (p0, p1) = Coefficients(l1, l2, t, Phi);
        var (q0, q1) = Coefficients(l1, l2, t, Psi);

        // x(t) = E·x0 + Φ·b;  ∫x = Φ·x0 + Ψ·b.
        var (ex1, ex2) = Apply(e0, e1, x1, x2);
        var (pb1, pb2) = Apply(p0, p1, b1, b2);
        var (px1, px2) = Apply(p0, p1, x1, x2);
        var (qb1, qb2) = Apply(q0, q1, b1, b2);
        return (ex1 + pb1, ex2 + pb2, px1 + qb1, px2 + qb2);
    }

    private (double, double) Apply(double c0, double c1, double v1, double v2) =>
        ((c0 * v1) + (c1 * ((A11 * v1) + (A12 * v2))), (c0 * v2) + (c1 * ((A21 * v1) + (A22 * v2))));

    // c1 = divided difference, c0 = f(λ2)·λ1 − f(λ1)·λ2 over (λ1 − λ2); a Taylor form when the
    // eigenvalues nearly coincide (relative error below 1e-10 either way).
    private static (double C0, double C1) Coefficients(double l1, double l2, double t, Func<double, double, (double F, double Derivative)> f)
    {
        if ((l1 - l2) * t < 1e-5)
        {
            var mid = (l1 + l2) / 2;
            var (fm, dfm) = f(mid, t);
            return (fm - (mid * dfm), dfm);
        }

        var f1 = f(l1, t).F;
        var f2 = f(l2, t).F;
        var c1 = (f1 - f2) / (l1 - l2);
        return (f1 - (c1 * l1), c1);
    }

    // e^(λt) and its derivative in λ.
    private static (double, double) Exp(double l, double t)
    {
        var e = Math.Exp(l * t);
        return (e, t * e);
    }

    // φ(λ) = ∫₀ᵗ e^(λs) ds = (e^(λt) − 1)/λ.
    private static (double, double) Phi(double l, double t)
    {
        var z = l * t;
        if (Math.Abs(z) < 1e-4)
        {
            // Series: t(1 + z/2 + z²/6 + z³/24); derivative t²(1/2 + z/3 + z²/8).
            return (t * (1 + (z / 2) + (z * z / 6) + (z * z * z / 24)), t * t * (0.5 + (z / 3) + (z * z / 8)));
        }

        var em1 = double.ExpM1(z);
        return (em1 / l, ((t * Math.Exp(z)) - (em1 / l)) / l);
    }

    // ψ(λ) = ∫₀ᵗ φ(s) ds = (e^(λt) − 1 − λt)/λ².
    private static (double, double) Psi(double l, double t)
    {
        var z = l * t;
        if (Math.Abs(z) < 1e-3)
        {
            // Series: t²(1/2 + z/6 + z²/24 + z³/120); derivative t³(1/6 + z/12 + z²/40).
            return (t * t * (0.5 + (z / 6) + (z * z / 24) + (z * z * z / 120)), t * t * t * ((1.0 / 6) + (z / 12) + (z * z / 40)));
        }

        var em1 = double.ExpM1(z);
        var psi = (em1 - z) / (l * l);
        return (psi, ((t * em1 / l) - (2 * psi)) / l);
    }
}
