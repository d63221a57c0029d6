using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>
/// The one rule by which the physiology scales with body size: volumes in proportion to weight,
/// rates (clearances, calcium mobilisation, fluid exchange) with weight to the 3/4 power, both
/// referenced to 70 kg (Anderson and Holford, Annu Rev Pharmacol Toxicol 2008;48:303). Time
/// constants (volume over rate) then go as weight to the 1/4: a 20-kg child clears and refills
/// faster than an adult, and has about 1.4 times the adult's calcium defence per kg, not 3.5.
/// Maturation in infancy is not modelled (docs/model/citrate-calcium.md, body size).
/// </summary>
public static class BodySize
{
    /// <summary>The reference weight, kg.</summary>
    public const double ReferenceKg = 70;

    /// <summary>The exponent of rates.</summary>
    public const double RateExponent = 0.75;

    /// <summary>A rate calibrated at 70 kg, scaled to this weight: (W / 70)^0.75.</summary>
    public static double RateScale(Mass weight)
    {
        Preconditions.Positive(weight.Kilograms);
        return Math.Pow(weight.Kilograms / ReferenceKg, RateExponent);
    }

    /// <summary>A time constant calibrated at 70 kg, scaled to this weight: (W / 70)^0.25.</summary>
    public static double TimeScale(Mass weight)
    {
        Preconditions.Positive(weight.Kilograms);
        return Math.Pow(weight.Kilograms / ReferenceKg, 1 - RateExponent);
    }
}
