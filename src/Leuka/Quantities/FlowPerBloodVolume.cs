namespace Leuka.Quantities;

/// <summary>A flow per litre of total blood volume: the anticoagulant infusion-rate limit. Canonical unit mL/min/L.</summary>
public readonly partial struct FlowPerBloodVolume
{
    /// <summary>Units: mL/min/L.</summary>
    public static UnitSet Units { get; } = new("flow per litre of blood volume", "0.8 mL/min/L", [("mL/min/L", 1)]);

    /// <summary>In mL/min per litre of blood volume.</summary>
    public double MillilitersPerMinutePerLiter => _value;

    /// <summary>From mL/min per litre.</summary>
    public static FlowPerBloodVolume FromMillilitersPerMinutePerLiter(double value) => FromCanonical(value);

    /// <summary>The flow this rate allows for a blood volume.</summary>
    public static VolumeFlow operator *(FlowPerBloodVolume rate, Volume bloodVolume) =>
        VolumeFlow.FromMillilitersPerMinute(rate._value * bloodVolume.Liters);
}
