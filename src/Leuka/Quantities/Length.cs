namespace Leuka.Quantities;

/// <summary>A length, chiefly body height. Canonical unit cm.</summary>
public readonly partial struct Length
{
    /// <summary>Units: cm, m, mm, in (2.54 cm exactly).</summary>
    public static UnitSet Units { get; } = new("length", "170 cm", [("cm", 1), ("m", 100), ("mm", 0.1), ("in", 2.54), ("ft", 30.48)]);

    /// <summary>In centimetres.</summary>
    public double Centimeters => _value;

    /// <summary>In metres.</summary>
    public double Meters => _value / 100;

    /// <summary>From centimetres.</summary>
    public static Length FromCentimeters(double centimeters) => FromCanonical(centimeters);

    /// <summary>From metres.</summary>
    public static Length FromMeters(double meters) => FromCanonical(meters * 100);
}
