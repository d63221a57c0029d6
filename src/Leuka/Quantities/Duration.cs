namespace Leuka.Quantities;

/// <summary>A duration of procedure time. Canonical unit min.</summary>
public readonly partial struct Duration
{
    /// <summary>Units: s, min, h, d.</summary>
    public static UnitSet Units { get; } = new("duration", "180 min", [("s", 1.0 / 60), ("min", 1), ("h", 60), ("d", 1440)]);

    /// <summary>The duration in minutes.</summary>
    public double Minutes => _value;

    /// <summary>The duration in seconds.</summary>
    public double Seconds => _value * 60;

    /// <summary>The duration in hours.</summary>
    public double Hours => _value / 60;

    /// <summary>The duration in days.</summary>
    public double Days => _value / 1440;

    /// <summary>From minutes.</summary>
    public static Duration FromMinutes(double minutes) => FromCanonical(minutes);

    /// <summary>From seconds.</summary>
    public static Duration FromSeconds(double seconds) => FromCanonical(seconds / 60);

    /// <summary>From hours.</summary>
    public static Duration FromHours(double hours) => FromCanonical(hours * 60);
}
