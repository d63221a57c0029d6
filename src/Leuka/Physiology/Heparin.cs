using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>
/// Heparin added to the citrate anticoagulant, and an optional bolus at connection
/// (docs/model/heparin.md). The heparin follows the AC pump into the set and reaches the patient
/// with the AC's citrate, in the same share.
/// </summary>
/// <param name="PerAc">Heparin per mL of anticoagulant (6 IU/mL is 3,000 IU per 500 mL of ACD-A).</param>
/// <param name="Bolus">A bolus given at connection (null: none).</param>
/// <param name="BolusPerKg">A bolus by weight given at connection (null: none); not with <paramref name="Bolus"/>.</param>
public sealed record HeparinRegimen(ActivityConcentration PerAc, Activity? Bolus = null, ActivityPerBodyMass? BolusPerKg = null)
{
    /// <summary>A bolus by weight; a regimen has one bolus, in IU or in IU/kg.</summary>
    public ActivityPerBodyMass? BolusPerKg { get; init; } = Bolus is not null && BolusPerKg is not null
        ? throw new ArgumentException("give the bolus in IU or in IU/kg, not both", nameof(BolusPerKg))
        : BolusPerKg;

    /// <summary>The bolus for a patient of this weight.</summary>
    public Activity BolusFor(Mass weight) => Bolus ?? (BolusPerKg is { } perKg ? perKg * weight : Activity.Zero);

    /// <summary>Heparin per mmol of the anticoagulant's citrate, IU/mmol: it travels with that citrate.</summary>
    public double UnitsPerCitrateMmol(Anticoagulant anticoagulant)
    {
        ArgumentNullException.ThrowIfNull(anticoagulant);
        return PerAc.InternationalUnitsPerMilliliter * 1000 / anticoagulant.Citrate.MillimolesPerLiter;
    }
}

/// <summary>
/// Unfractionated heparin in the patient: one compartment, the plasma, with first-order
/// elimination. The level is the anti-Xa activity, IU/mL (docs/model/heparin.md).
/// </summary>
public static class HeparinKinetics
{
    /// <summary>
    /// Half-life at 70 kg, min: 35 min after intravenous heparin in 8 healthy volunteers, whatever
    /// the assay (Dawes et al., Haemostasis 1986;16:116). Apheresis doses (up to about 20 IU/kg/h)
    /// are low, where heparin's saturable clearance is first-order (de Swart et al., Blood 1982;60:1251).
    /// </summary>
    public const double HalfLifeMinutesAt70Kg = 35;

    /// <summary>The half-life at this weight, min: a time constant, so × (W/70)^0.25 (<see cref="BodySize"/>).</summary>
    public static double HalfLifeMinutes(Mass weight) => HalfLifeMinutesAt70Kg * BodySize.TimeScale(weight);

    /// <summary>
    /// Advances the heparin in the body, IU, by a step in which <paramref name="given"/> IU arrive at
    /// a constant rate; exact for that input. <paramref name="eliminated"/> closes the balance:
    /// before + given = after + eliminated.
    /// </summary>
    public static double Step(double units, double given, double halfLifeMinutes, Duration step, out double eliminated)
    {
        Preconditions.Positive(halfLifeMinutes);
        var dt = step.Minutes;
        if (dt <= 0)
        {
            eliminated = 0;
            return units + given;
        }

        var k = Math.Log(2) / halfLifeMinutes;
        // −expm1(−k·dt) keeps a short step's change small and exact.
        var fall = -double.ExpM1(-k * dt);
        var after = (units * (1 - fall)) + (given / (k * dt) * fall);
        eliminated = units + given - after;
        return after;
    }

    /// <summary>
    /// The level below which heparin counts as cleared, IU/mL anti-Xa: 0.1, where a dialysis study
    /// reported its patients 90 min after the heparin stopped (Brunet et al., Am J Kidney Dis
    /// 2008;51:789); a third of the therapeutic range's lower limit.
    /// </summary>
    public const double ClearedIuPerMl = 0.1;

    /// <summary>Minutes after the end until a level falls below <see cref="ClearedIuPerMl"/>, nothing more given.</summary>
    public static double MinutesToClear(double antiXa, double halfLifeMinutes) =>
        antiXa > ClearedIuPerMl ? halfLifeMinutes * Math.Log2(antiXa / ClearedIuPerMl) : 0;

    /// <summary>The plasma level (anti-Xa activity) of this heparin in this plasma.</summary>
    public static ActivityConcentration Level(double units, Volume plasma) =>
        plasma.Milliliters > 0 ? ActivityConcentration.FromInternationalUnitsPerMilliliter(units / plasma.Milliliters) : ActivityConcentration.Zero;
}
