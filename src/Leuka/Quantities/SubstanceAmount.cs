namespace Leuka.Quantities;

/// <summary>An amount of substance: citrate infused, calcium given. Canonical unit mmol.</summary>
public readonly partial struct SubstanceAmount
{
    /// <summary>Units: mmol, µmol, mol.</summary>
    public static UnitSet Units { get; } = new("substance amount", "10 mmol", [("mmol", 1), ("umol", 1e-3), ("mol", 1000)]);

    /// <summary>In mmol.</summary>
    public double Millimoles => _value;

    /// <summary>From mmol.</summary>
    public static SubstanceAmount FromMillimoles(double millimoles) => FromCanonical(millimoles);

    /// <summary>An amount spread in a volume.</summary>
    public static SubstanceConcentration operator /(SubstanceAmount amount, Volume volume) =>
        SubstanceConcentration.FromMillimolesPerLiter(amount._value / volume.Liters);

    /// <summary>An amount given over a duration.</summary>
    public static SubstanceRate operator /(SubstanceAmount amount, Duration duration) =>
        SubstanceRate.FromMillimolesPerHour(amount._value / duration.Hours);
}
