namespace Leuka.Quantities;

/// <summary>A mass, chiefly body weight. Canonical unit kg.</summary>
public readonly partial struct Mass
{
    /// <summary>Units: kg, g, lb (0.45359237 kg exactly).</summary>
    public static UnitSet Units { get; } = new("mass", "70 kg", [("kg", 1), ("g", 1e-3), ("lb", 0.45359237)]);

    /// <summary>In kilograms.</summary>
    public double Kilograms => _value;

    /// <summary>In grams.</summary>
    public double Grams => _value * 1000;

    /// <summary>From kilograms.</summary>
    public static Mass FromKilograms(double kilograms) => FromCanonical(kilograms);

    /// <summary>A cell dose times body weight gives a cell count.</summary>
    public static CellCount operator *(Mass bodyMass, DosePerBodyMass dose) => dose * bodyMass;
}
