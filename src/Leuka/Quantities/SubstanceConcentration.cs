namespace Leuka.Quantities;

/// <summary>An amount concentration: ionized calcium, plasma citrate. Canonical unit mmol/L.</summary>
public readonly partial struct SubstanceConcentration
{
    /// <summary>Units without a named substance: mmol/L, µmol/L. mg/dL needs <see cref="Parse(string?, Substance)"/>.</summary>
    public static UnitSet Units { get; } = new(
        "substance concentration",
        "1.20 mmol/L",
        [("mmol/L", 1), ("umol/L", 1e-3)],
        new Dictionary<string, string>
        {
            ["mg/dL"] = "mg/dL can only be read for a named substance (it needs the molar mass); write mmol/L, e.g. \"1.20 mmol/L\"",
        });

    /// <summary>In mmol/L.</summary>
    public double MillimolesPerLiter => _value;

    /// <summary>From mmol/L.</summary>
    public static SubstanceConcentration FromMillimolesPerLiter(double millimolesPerLiter) => FromCanonical(millimolesPerLiter);

    /// <summary>Parses a concentration of a known substance, which also accepts mg/dL.</summary>
    public static ParseResult<SubstanceConcentration> Parse(string? text, Substance substance)
    {
        ArgumentNullException.ThrowIfNull(substance);
        return QuantityText.Parse<SubstanceConcentration>(text, substance.ConcentrationUnits);
    }

    /// <summary>In mg/dL for a substance.</summary>
    public double MilligramsPerDeciliter(Substance substance)
    {
        ArgumentNullException.ThrowIfNull(substance);
        return _value * substance.MolarMassGramsPerMole / 10;
    }

    /// <summary>The amount in a volume.</summary>
    public static SubstanceAmount operator *(SubstanceConcentration concentration, Volume volume) =>
        SubstanceAmount.FromMillimoles(concentration._value * volume.Liters);

    /// <summary>The amount in a volume.</summary>
    public static SubstanceAmount operator *(Volume volume, SubstanceConcentration concentration) => concentration * volume;
}
