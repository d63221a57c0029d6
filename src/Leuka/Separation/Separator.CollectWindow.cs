using MathNet.Numerics.Distributions;

namespace Leuka.Separation;

/// <content>The collect window the ports draw with (docs/model/separator.md, the collect window).</content>
public sealed partial record Separator
{
    // The collect window in stream coordinates (mL/min above the red line): the share of a layer
    // [a, b] drawn is ∫ K(x) dx with K(x) = Φ((upper − x)/σ) − Φ((lower − x)/σ).
    internal readonly record struct CollectWindow(double Lower, double Width, double Sigma)
    {
        public double Drawn(double a, double b)
        {
            var upper = Lower + Width;
            var tail = G(b, upper) - G(b, Lower);
            // ∫ over the whole line is the width: a layer reaching down without end (the red cells).
            return double.IsNegativeInfinity(a) ? Width - tail : G(a, upper) - G(a, Lower) - tail;
        }

        // Collect control: the lower edge at which the packed red cells (below the red line, blurred
        // by the wobble) fill the target share of the window: Drawn(−∞, 0)·packed / width = target.
        // The drawn red volume falls monotonically as the window rises, so bisection finds it.
        public CollectWindow HoldingHematocrit(double target, double packed)
        {
            var want = Math.Clamp(target / Math.Max(packed, 1e-9), 0, 1) * Width;
            double low = -Width - (8 * Sigma), high = 8 * Sigma;
            for (var k = 0; k < 60; k++)
            {
                var mid = 0.5 * (low + high);
                if ((this with { Lower = mid }).Drawn(double.NegativeInfinity, 0) > want)
                {
                    low = mid;
                }
                else
                {
                    high = mid;
                }
            }

            return this with { Lower = 0.5 * (low + high) };
        }

        // Share of a layer below the window's lower edge (it leaves with the red cells).
        public double BelowWindow(double a, double b) => G(a, Lower) - G(b, Lower);

        // G(x) = σ·I((edge − x)/σ) with I(u) = u Φ(u) + φ(u), so ∫_a^b Φ((edge − x)/σ) dx = G(a) − G(b); G(+∞) = 0.
        private double G(double x, double edge)
        {
            if (double.IsPositiveInfinity(x))
            {
                return 0;
            }

            var u = (edge - x) / Sigma;
            return Sigma * ((u * Normal.CDF(0, 1, u)) + Normal.PDF(0, 1, u));
        }
    }
}
