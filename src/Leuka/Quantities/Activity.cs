namespace Leuka.Quantities;

/// <summary>A biological activity in international units: heparin given. Canonical unit IU.</summary>
public readonly partial struct Activity
{
    /// <summary>Units: IU (also written U).</summary>
    public static UnitSet Units { get; } = new("activity", "5000 IU", [("IU", 1), ("U", 1)]);

    /// <summary>In IU.</summary>
    public double InternationalUnits => _value;

    /// <summary>From IU.</summary>
    public static Activity FromInternationalUnits(double units) => FromCanonical(units);

    /// <summary>An activity spread in a volume.</summary>
    public static ActivityConcentration operator /(Activity activity, Volume volume) =>
        ActivityConcentration.FromInternationalUnitsPerMilliliter(activity._value / volume.Milliliters);

    /// <summary>An activity per kilogram of body weight.</summary>
    public static ActivityPerBodyMass operator /(Activity activity, Mass bodyMass) =>
        ActivityPerBodyMass.FromInternationalUnitsPerKilogram(activity._value / bodyMass.Kilograms);
}
