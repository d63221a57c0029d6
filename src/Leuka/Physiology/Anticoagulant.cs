using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>A citrate anticoagulant solution (compositions and sources: docs/model/citrate-calcium.md).</summary>
/// <param name="Name">Name as on the bag.</param>
/// <param name="Citrate">Total citrate (citric acid plus citrate salts), as citrate anion.</param>
/// <param name="Word">The scenario's word (<c>procedure.anticoagulant</c>).</param>
public sealed record Anticoagulant(string Name, SubstanceConcentration Citrate, string Word = "")
{
    /// <summary>
    /// The citric acid among <see cref="Citrate"/>. Its three protons are buffered by the blood's
    /// bicarbonate as soon as the AC meets it, so only the sodium salt leaves net base behind when
    /// the citrate is metabolised (docs/model/citrate-calcium.md, potassium and acid–base).
    /// </summary>
    public SubstanceConcentration CitricAcid { get; init; } = SubstanceConcentration.Zero;

    /// <summary>Citric acid per citrate, 0–1.</summary>
    public double AcidShare => Citrate.MillimolesPerLiter > 0 ? CitricAcid.MillimolesPerLiter / Citrate.MillimolesPerLiter : 0;

    /// <summary>
    /// ACD-A per litre: citric acid 7.3 g (anhydrous, 192.12 g/mol: 38.0 mmol) and sodium citrate
    /// dihydrate 22.0 g (294.10 g/mol: 74.8 mmol), 112.8 mmol/L total citrate (docs/reference/MODEL-DATA.md §5, derived).
    /// </summary>
    public static Anticoagulant AcdA { get; } = new("ACD-A", SubstanceConcentration.FromMillimolesPerLiter(112.8), "acd-a") { CitricAcid = SubstanceConcentration.FromMillimolesPerLiter(38.0) };

    /// <summary>
    /// ACD-B per litre: citric acid 4.4 g (anhydrous: 22.9 mmol) and sodium citrate dihydrate 13.2 g
    /// (44.9 mmol), 67.8 mmol/L total citrate (USP formula B; derived as for ACD-A): 60 % of ACD-A's.
    /// </summary>
    public static Anticoagulant AcdB { get; } = new("ACD-B", SubstanceConcentration.FromMillimolesPerLiter(67.8), "acd-b") { CitricAcid = SubstanceConcentration.FromMillimolesPerLiter(22.9) };

    /// <summary>Half-strength ACD-A (Olson 1977's comparison arm).</summary>
    public static Anticoagulant HalfStrengthAcd { get; } = new("ACD-A, half strength", SubstanceConcentration.FromMillimolesPerLiter(56.4), "acd-a-half") { CitricAcid = SubstanceConcentration.FromMillimolesPerLiter(19.0) };

    /// <summary>Every anticoagulant a scenario may name, the default first.</summary>
    public static IReadOnlyList<Anticoagulant> All { get; } = [AcdA, AcdB, HalfStrengthAcd];

    /// <summary>Citrate delivered by an AC flow of which a fraction reaches the patient.</summary>
    /// <param name="acFlow">The AC pump flow.</param>
    /// <param name="fractionReturned">Share of the AC's citrate that returns to the patient (the rest leaves with product and discarded plasma), 0–1.</param>
    public SubstanceRate InfusionRate(VolumeFlow acFlow, double fractionReturned)
    {
        Preconditions.InRange(fractionReturned, 0, 1);
        return SubstanceRate.FromMillimolesPerHour(Citrate.MillimolesPerLiter * acFlow.MillilitersPerMinute / 1000 * 60 * fractionReturned);
    }
}
