namespace Leuka.Quantities;

/// <summary>
/// Cells per volume of blood: a count on a blood test. Canonical unit ×10^9/L, which equals G/L,
/// /nL, ×10^3/µL and K/µL; 1 /µL is 0.001 ×10^9/L.
/// </summary>
public readonly partial struct CellConcentration
{
    /// <summary>All notations of docs/reference/scenario.md §1.</summary>
    public static UnitSet Units { get; } = new(
        "cell concentration",
        "150 x10^9/L",
        [
            ("x10^9/L", 1), ("10^9/L", 1), ("G/L", 1), ("/nL", 1),
            ("x10^3/uL", 1), ("10^3/uL", 1), ("K/uL", 1), ("x10^6/mL", 1), ("10^6/mL", 1),
            ("/uL", 1e-3), ("/mm3", 1e-3), ("x10^6/L", 1e-3), ("10^6/L", 1e-3),
            ("x10^12/L", 1e3), ("10^12/L", 1e3), ("T/L", 1e3),
        ]);

    /// <summary>In ×10^9/L.</summary>
    public double E9PerLiter => _value;

    /// <summary>In cells per µL.</summary>
    public double PerMicroliter => _value * 1000;

    /// <summary>From ×10^9/L.</summary>
    public static CellConcentration FromE9PerLiter(double e9PerLiter) => FromCanonical(e9PerLiter);

    /// <summary>From cells per µL.</summary>
    public static CellConcentration FromPerMicroliter(double perMicroliter) => FromCanonical(perMicroliter / 1000);

    /// <summary>Cells in a volume.</summary>
    public static CellCount operator *(CellConcentration concentration, Volume volume) =>
        CellCount.FromE9(concentration._value * volume.Liters);

    /// <summary>Cells in a volume.</summary>
    public static CellCount operator *(Volume volume, CellConcentration concentration) => concentration * volume;

    /// <summary>A share of the cells, e.g. a differential fraction of the WBC.</summary>
    public static CellConcentration operator *(CellConcentration concentration, Fraction fraction) =>
        new(concentration._value * fraction.Ratio);

    /// <summary>A share of the cells.</summary>
    public static CellConcentration operator *(Fraction fraction, CellConcentration concentration) => concentration * fraction;
}
