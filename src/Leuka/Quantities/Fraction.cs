namespace Leuka.Quantities;

/// <summary>A dimensionless share: haematocrit, a differential, an efficiency. Canonical unit %.</summary>
public readonly partial struct Fraction
{
    /// <summary>Units: %, L/L.</summary>
    public static UnitSet Units { get; } = new("fraction", "28 %", [("%", 1), ("L/L", 100)]);

    /// <summary>The fraction in percent.</summary>
    public double Percent => _value;

    /// <summary>The fraction as a ratio (1 is 100 %).</summary>
    public double Ratio => _value / 100;

    /// <summary>From percent.</summary>
    public static Fraction FromPercent(double percent) => FromCanonical(percent);

    /// <summary>From a ratio (L/L).</summary>
    public static Fraction FromRatio(double ratio) => FromCanonical(ratio * 100);
}
