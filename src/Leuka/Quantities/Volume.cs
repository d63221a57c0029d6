namespace Leuka.Quantities;

/// <summary>A volume: blood processed, a bag, a prime. Canonical unit mL.</summary>
public readonly partial struct Volume
{
    /// <summary>Units: mL, L.</summary>
    public static UnitSet Units { get; } = new("volume", "250 mL", [("mL", 1), ("L", 1000)]);

    /// <summary>The volume in millilitres.</summary>
    public double Milliliters => _value;

    /// <summary>The volume in litres.</summary>
    public double Liters => _value / 1000;

    /// <summary>From millilitres.</summary>
    public static Volume FromMilliliters(double milliliters) => FromCanonical(milliliters);

    /// <summary>From litres.</summary>
    public static Volume FromLiters(double liters) => FromCanonical(liters * 1000);

    /// <summary>A volume drawn over a duration gives a flow.</summary>
    public static VolumeFlow operator /(Volume volume, Duration duration) =>
        VolumeFlow.FromMillilitersPerMinute(volume._value / duration.Minutes);

    /// <summary>How long a flow takes to move a volume.</summary>
    public static Duration operator /(Volume volume, VolumeFlow flow) =>
        Duration.FromMinutes(volume._value / flow.MillilitersPerMinute);

    /// <summary>A share of a volume.</summary>
    public static Volume operator *(Volume volume, Fraction fraction) => new(volume._value * fraction.Ratio);

    /// <summary>A share of a volume.</summary>
    public static Volume operator *(Fraction fraction, Volume volume) => volume * fraction;
}
