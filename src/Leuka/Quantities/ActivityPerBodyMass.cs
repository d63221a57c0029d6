namespace Leuka.Quantities;

/// <summary>An activity per kilogram of body weight: a heparin bolus by weight. Canonical unit IU/kg.</summary>
public readonly partial struct ActivityPerBodyMass
{
    /// <summary>Units: IU/kg (also U/kg).</summary>
    public static UnitSet Units { get; } = new("activity per body mass", "40 IU/kg", [("IU/kg", 1), ("U/kg", 1)]);

    /// <summary>In IU/kg.</summary>
    public double InternationalUnitsPerKilogram => _value;

    /// <summary>From IU/kg.</summary>
    public static ActivityPerBodyMass FromInternationalUnitsPerKilogram(double unitsPerKilogram) => FromCanonical(unitsPerKilogram);

    /// <summary>The activity for a patient of this weight.</summary>
    public static Activity operator *(ActivityPerBodyMass dose, Mass bodyMass) => Activity.FromInternationalUnits(dose._value * bodyMass.Kilograms);
}
