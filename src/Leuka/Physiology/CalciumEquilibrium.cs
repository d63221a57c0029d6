using MathNet.Numerics.RootFinding;

namespace Leuka.Physiology;

/// <summary>
/// Plasma calcium speciation: total calcium split into ionized, protein-bound (albumin, saturable),
/// complexed with other anions (bicarbonate, phosphate, lactate; proportional to ionized) and
/// complexed with citrate; magnesium competes for citrate. Constants and sources:
/// docs/model/citrate-calcium.md. Concentrations in mmol/L.
/// </summary>
/// <param name="ProteinSitesMmolPerL">Calcium-binding capacity of plasma protein.</param>
/// <param name="ProteinKdMmolPerL">Dissociation constant of protein binding.</param>
/// <param name="OtherComplexRatio">Calcium complexed with other anions per ionized calcium.</param>
/// <param name="CalciumCitrateKdMmolPerL">Ca–citrate dissociation constant.</param>
/// <param name="MagnesiumTotalMmolPerL">Plasma total magnesium (the patient's current total during a run: <see cref="MagnesiumKinetics"/>).</param>
/// <param name="MagnesiumIonizedShare">Ionized share of magnesium without citrate.</param>
/// <param name="MagnesiumCitrateKdMmolPerL">Mg–citrate dissociation constant.</param>
public sealed record CalciumEquilibrium(
    double ProteinSitesMmolPerL,
    double ProteinKdMmolPerL,
    double OtherComplexRatio,
    double CalciumCitrateKdMmolPerL,
    double MagnesiumTotalMmolPerL,
    double MagnesiumIonizedShare,
    double MagnesiumCitrateKdMmolPerL)
{
    /// <summary>
    /// Normal plasma: at ionized 1.20 mmol/L about 1.0 mmol/L is protein-bound (≈40 % of ≈2.45 total)
    /// and ≈0.25 complexed (≈10 %), docs/reference/MODEL-DATA.md §5; Ca–citrate Kd 0.6 mmol/L; Mg 0.85 mmol/L total,
    /// 65 % ionized, Mg–citrate Kd 0.8 mmol/L (assumption).
    /// </summary>
    public static CalciumEquilibrium Normal { get; } = new(3.5, 3.0, 0.18, 0.6, 0.85, 0.65, 0.8);

    /// <summary>Calcium species at equilibrium.</summary>
    /// <param name="Ionized">Ionized (free) calcium.</param>
    /// <param name="ProteinBound">Protein-bound calcium.</param>
    /// <param name="CitrateComplexed">Calcium bound to citrate.</param>
    /// <param name="OtherComplexed">Calcium bound to other anions.</param>
    /// <param name="FreeCitrate">Citrate not bound to calcium or magnesium.</param>
    /// <param name="IonizedMagnesium">Ionized magnesium.</param>
    public readonly record struct Speciation(double Ionized, double ProteinBound, double CitrateComplexed, double OtherComplexed, double FreeCitrate, double IonizedMagnesium)
    {
        /// <summary>Total calcium.</summary>
        public double Total => Ionized + ProteinBound + CitrateComplexed + OtherComplexed;
    }

    /// <summary>Speciates total calcium in the presence of total citrate.</summary>
    public Speciation Solve(double totalCalcium, double totalCitrate)
    {
        if (totalCitrate <= 0)
        {
            return At(totalCalcium, 0);
        }

        // Citrate bound rises monotonically with free citrate, so the balance has one root in [0, total].
        double Residual(double free) => Bound(totalCalcium, free) - totalCitrate;
        var free = Residual(totalCitrate) <= 0 ? totalCitrate : Brent.FindRoot(Residual, 0, totalCitrate, 1e-14 * Math.Max(1, totalCitrate), 200);
        return At(totalCalcium, free);
    }

    /// <summary>The total calcium at which ionized calcium equals <paramref name="ionized"/> for a total citrate.</summary>
    public double TotalFor(double ionized, double totalCitrate)
    {
        double Residual(double free) => (free * (1 + (ionized / CalciumCitrateKdMmolPerL) + (IonizedMg(free) / MagnesiumCitrateKdMmolPerL))) - totalCitrate;
        var free = totalCitrate <= 0 ? 0 : Brent.FindRoot(Residual, 0, totalCitrate, 1e-14 * Math.Max(1, totalCitrate), 200);
        return (ionized * (1 + OtherComplexRatio + (free / CalciumCitrateKdMmolPerL))) + (ProteinSitesMmolPerL * ionized / (ProteinKdMmolPerL + ionized));
    }

    private Speciation At(double totalCalcium, double freeCitrate)
    {
        var ionized = Ionized(totalCalcium, freeCitrate);
        return new Speciation(
            ionized,
            ProteinSitesMmolPerL * ionized / (ProteinKdMmolPerL + ionized),
            ionized * freeCitrate / CalciumCitrateKdMmolPerL,
            ionized * OtherComplexRatio,
            freeCitrate,
            IonizedMg(freeCitrate));
    }

    // Free citrate plus what it binds, for a given free citrate.
    private double Bound(double totalCalcium, double free) =>
        free * (1 + (Ionized(totalCalcium, free) / CalciumCitrateKdMmolPerL) + (IonizedMg(free) / MagnesiumCitrateKdMmolPerL));

    // α·Ca + P·Ca/(K + Ca) = CaT with α = 1 + other + citrate/Kd: the positive root of a quadratic,
    // written without cancellation.
    private double Ionized(double totalCalcium, double freeCitrate)
    {
        if (totalCalcium <= 0)
        {
            return 0;
        }

        var alpha = 1 + OtherComplexRatio + (freeCitrate / CalciumCitrateKdMmolPerL);
        var k = ProteinKdMmolPerL;
        var b = (alpha * k) + ProteinSitesMmolPerL - totalCalcium;
        var c = totalCalcium * k;
        var root = Math.Sqrt((b * b) + (4 * alpha * c));
        return b > 0 ? 2 * c / (b + root) : (root - b) / (2 * alpha);
    }

    private double IonizedMg(double freeCitrate) => IonizedMagnesium(MagnesiumTotalMmolPerL, freeCitrate);

    /// <summary>Ionized magnesium for a total magnesium and a free citrate.</summary>
    public double IonizedMagnesium(double totalMagnesium, double freeCitrate) =>
        totalMagnesium / ((1 / MagnesiumIonizedShare) + (freeCitrate / MagnesiumCitrateKdMmolPerL));
}
