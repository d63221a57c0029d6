namespace Leuka.Quantities;

/// <summary>An activity concentration: heparin per mL of anticoagulant, plasma anti-Xa activity. Canonical unit IU/mL.</summary>
public readonly partial struct ActivityConcentration
{
    /// <summary>Units: IU/mL (also U/mL), IU/L.</summary>
    public static UnitSet Units { get; } = new("activity concentration", "6 IU/mL", [("IU/mL", 1), ("U/mL", 1), ("IU/L", 1e-3), ("U/L", 1e-3)]);

    /// <summary>In IU/mL.</summary>
    public double InternationalUnitsPerMilliliter => _value;

    /// <summary>From IU/mL.</summary>
    public static ActivityConcentration FromInternationalUnitsPerMilliliter(double unitsPerMilliliter) => FromCanonical(unitsPerMilliliter);

    /// <summary>The activity in a volume.</summary>
    public static Activity operator *(ActivityConcentration concentration, Volume volume) =>
        Activity.FromInternationalUnits(concentration._value * volume.Milliliters);
}
