namespace Leuka.Quantities;

/// <summary>An amount per time: a calcium infusion. Canonical unit mmol/h.</summary>
public readonly partial struct SubstanceRate
{
    /// <summary>Units: mmol/h, mmol/min. g/h and mL/h need a named solution.</summary>
    public static UnitSet Units { get; } = new(
        "substance amount rate",
        "1.8 mmol/h",
        [("mmol/h", 1), ("mmol/min", 60)],
        new Dictionary<string, string>
        {
            ["g/h"] = "g/h is only meaningful for a named solution; write the amount of the substance, e.g. \"1.8 mmol/h\", or give the solution's volume rate where the field names the solution",
            ["mL/h"] = "mL/h is only meaningful for a named solution; write the amount of the substance, e.g. \"1.8 mmol/h\", or give the solution's volume rate where the field names the solution",
        });

    /// <summary>In mmol/h.</summary>
    public double MillimolesPerHour => _value;

    /// <summary>From mmol/h.</summary>
    public static SubstanceRate FromMillimolesPerHour(double millimolesPerHour) => FromCanonical(millimolesPerHour);

    /// <summary>The amount given over a duration.</summary>
    public static SubstanceAmount operator *(SubstanceRate rate, Duration duration) =>
        SubstanceAmount.FromMillimoles(rate._value * duration.Hours);
}
