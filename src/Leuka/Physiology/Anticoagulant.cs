using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>A citrate anticoagulant solution.</summary>
/// <param name="Name">Name as on the bag.</param>
/// <param name="Citrate">Total citrate (citric acid plus citrate salts), as citrate anion.</param>
public sealed record Anticoagulant(string Name, SubstanceConcentration Citrate)
{
    /// <summary>
    /// ACD-A per litre: citric acid 7.3 g (anhydrous, 192.12 g/mol: 38.0 mmol) and sodium citrate
    /// dihydrate 22.0 g (294.10 g/mol: 74.8 mmol), 112.8 mmol/L total citrate (docs/reference/MODEL-DATA.md §5, derived).
    /// </summary>
    public static Anticoagulant AcdA { get; } = new("ACD-A", SubstanceConcentration.FromMillimolesPerLiter(112.8));

    /// <summary>Half-strength ACD (Olson 1977's comparison arm).</summary>
    public static Anticoagulant HalfStrengthAcd { get; } = new("ACD, half strength", SubstanceConcentration.FromMillimolesPerLiter(56.4));

    /// <summary>Citrate delivered by an AC flow of which a fraction reaches the patient.</summary>
    /// <param name="acFlow">The AC pump flow.</param>
    /// <param name="fractionReturned">Share of the AC's citrate that returns to the patient (the rest leaves with product and discarded plasma), 0–1.</param>
    public SubstanceRate InfusionRate(VolumeFlow acFlow, double fractionReturned)
    {
        Preconditions.InRange(fractionReturned, 0, 1);
        return SubstanceRate.FromMillimolesPerHour(Citrate.MillimolesPerLiter * acFlow.MillilitersPerMinute / 1000 * 60 * fractionReturned);
    }
}
