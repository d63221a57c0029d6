namespace Leuka.Quantities;

/// <summary>A cell dose per kilogram of body weight: a CD34+ dose. Canonical unit ×10^6/kg.</summary>
public readonly partial struct DosePerBodyMass
{
    /// <summary>Units: ×10^6/kg, ×10^8/kg.</summary>
    public static UnitSet Units { get; } = new(
        "dose per body mass",
        "2 x10^6/kg",
        [("x10^6/kg", 1), ("10^6/kg", 1), ("x10^8/kg", 100), ("10^8/kg", 100)]);

    /// <summary>In ×10^6 cells/kg.</summary>
    public double E6PerKilogram => _value;

    /// <summary>From ×10^6 cells/kg.</summary>
    public static DosePerBodyMass FromE6PerKilogram(double e6PerKilogram) => FromCanonical(e6PerKilogram);

    /// <summary>The cells a patient of this weight needs.</summary>
    public static CellCount operator *(DosePerBodyMass dose, Mass bodyMass) => CellCount.FromE6(dose._value * bodyMass.Kilograms);
}
