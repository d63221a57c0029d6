namespace Leuka.Quantities;

/// <summary>A number of cells: a product's content, a yield. Canonical unit ×10^9 cells.</summary>
public readonly partial struct CellCount
{
    /// <summary>Units: ×10^9, ×10^8, ×10^6, ×10^10, cells.</summary>
    public static UnitSet Units { get; } = new(
        "cell count",
        "2 x10^9",
        [
            ("x10^9", 1), ("10^9", 1), ("x10^10", 10), ("10^10", 10), ("x10^8", 0.1), ("10^8", 0.1),
            ("x10^6", 1e-3), ("10^6", 1e-3), ("cells", 1e-9),
        ]);

    /// <summary>In units of 10^9 cells.</summary>
    public double E9 => _value;

    /// <summary>In units of 10^6 cells.</summary>
    public double E6 => _value * 1000;

    /// <summary>From units of 10^9 cells.</summary>
    public static CellCount FromE9(double e9) => FromCanonical(e9);

    /// <summary>From units of 10^6 cells.</summary>
    public static CellCount FromE6(double e6) => FromCanonical(e6 / 1000);

    /// <summary>Cells spread in a volume.</summary>
    public static CellConcentration operator /(CellCount count, Volume volume) =>
        CellConcentration.FromE9PerLiter(count._value / volume.Liters);

    /// <summary>The volume that holds a count at a concentration.</summary>
    public static Volume operator /(CellCount count, CellConcentration concentration) =>
        Volume.FromLiters(count._value / concentration.E9PerLiter);

    /// <summary>A dose per kilogram of body weight.</summary>
    public static DosePerBodyMass operator /(CellCount count, Mass bodyMass) =>
        DosePerBodyMass.FromE6PerKilogram(count.E6 / bodyMass.Kilograms);

    /// <summary>A share of the cells.</summary>
    public static CellCount operator *(CellCount count, Fraction fraction) => new(count._value * fraction.Ratio);
}
