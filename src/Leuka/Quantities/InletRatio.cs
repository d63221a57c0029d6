namespace Leuka.Quantities;

/// <summary>
/// The inlet:AC ratio R: the AC pump runs at inlet / R, so whole blood is (R − 1)/R of the inlet
/// and AC is 1/R. The one place this arithmetic lives.
/// </summary>
public static class InletRatio
{
    /// <summary>Whole blood's share of the inlet flow, (R − 1)/R.</summary>
    public static double WholeBloodShare(double inletToAcRatio) => (inletToAcRatio - 1) / inletToAcRatio;
}
