namespace Leuka.Quantities;

/// <summary>A volume flow: a pump rate. Canonical unit mL/min.</summary>
public readonly partial struct VolumeFlow
{
    /// <summary>Units: mL/min, mL/h, L/h, L/min.</summary>
    public static UnitSet Units { get; } = new("volume flow", "60 mL/min", [("mL/min", 1), ("mL/h", 1.0 / 60), ("L/h", 1000.0 / 60), ("L/min", 1000)]);

    /// <summary>The flow in mL/min.</summary>
    public double MillilitersPerMinute => _value;

    /// <summary>The flow in mL/h.</summary>
    public double MillilitersPerHour => _value * 60;

    /// <summary>From mL/min.</summary>
    public static VolumeFlow FromMillilitersPerMinute(double millilitersPerMinute) => FromCanonical(millilitersPerMinute);

    /// <summary>From mL/h.</summary>
    public static VolumeFlow FromMillilitersPerHour(double millilitersPerHour) => FromCanonical(millilitersPerHour / 60);

    /// <summary>Flow over a duration gives a volume.</summary>
    public static Volume operator *(VolumeFlow flow, Duration duration) => Volume.FromMilliliters(flow._value * duration.Minutes);

    /// <summary>Flow over a duration gives a volume.</summary>
    public static Volume operator *(Duration duration, VolumeFlow flow) => flow * duration;

    /// <summary>A flow per litre of blood volume, as the anticoagulant infusion-rate limit is stated.</summary>
    public static FlowPerBloodVolume operator /(VolumeFlow flow, Volume bloodVolume) =>
        FlowPerBloodVolume.FromMillilitersPerMinutePerLiter(flow._value / bloodVolume.Liters);
}
