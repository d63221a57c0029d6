namespace Leuka.Quantities;

/// <summary>A centrifuge speed. Canonical unit rpm.</summary>
public readonly partial struct RotationalSpeed
{
    /// <summary>Units: rpm, r/min.</summary>
    public static UnitSet Units { get; } = new("rotational speed", "2400 rpm", [("rpm", 1), ("r/min", 1)]);

    /// <summary>In revolutions per minute.</summary>
    public double RevolutionsPerMinute => _value;

    /// <summary>Angular velocity in rad/s.</summary>
    public double RadiansPerSecond => _value * 2 * Math.PI / 60;

    /// <summary>From rpm.</summary>
    public static RotationalSpeed FromRevolutionsPerMinute(double rpm) => FromCanonical(rpm);
}
