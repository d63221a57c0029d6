namespace Leuka.Quantities;

/// <summary>A mass per volume: haemoglobin. Canonical unit g/dL.</summary>
public readonly partial struct MassConcentration
{
    /// <summary>Units: g/dL, g/L, mg/dL.</summary>
    public static UnitSet Units { get; } = new(
        "mass concentration",
        "9.5 g/dL",
        [("g/dL", 1), ("g/L", 0.1), ("mg/dL", 1e-3)],
        new Dictionary<string, string>
        {
            ["mmol/L"] = "mmol/L is not accepted for haemoglobin (its molar basis varies between laboratories); write g/dL or g/L, e.g. \"9.5 g/dL\"",
        });

    /// <summary>In g/dL.</summary>
    public double GramsPerDeciliter => _value;

    /// <summary>In g/L.</summary>
    public double GramsPerLiter => _value * 10;

    /// <summary>From g/dL.</summary>
    public static MassConcentration FromGramsPerDeciliter(double gramsPerDeciliter) => FromCanonical(gramsPerDeciliter);
}
