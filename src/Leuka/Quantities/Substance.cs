namespace Leuka.Quantities;

/// <summary>
/// A dissolved substance with its molar mass, needed to read a mass concentration (mg/dL) as an
/// amount concentration (mmol/L). Calcium: 1 mmol/L = 4.008 mg/dL (docs/reference/scenario.md §1).
/// </summary>
public sealed class Substance
{
    private Substance(string name, double molarMassGramsPerMole, bool monovalent = false)
    {
        Name = name;
        MolarMassGramsPerMole = molarMassGramsPerMole;
        // 1 mg/dL = 10 mg/L = 10 / M mmol/L; 1 mg/mL = 1000 / M mmol/L (how a dose per mL of AC is
        // written). mEq/L only for a monovalent ion, where it is mmol/L: for calcium and magnesium it
        // would be half, and is not offered.
        (string, double)[] units = [("mmol/L", 1), ("umol/L", 1e-3), ("mg/dL", 10 / molarMassGramsPerMole), ("mg/mL", 1000 / molarMassGramsPerMole)];
        ConcentrationUnits = new UnitSet(
            $"{name} concentration",
            SubstanceConcentration.Units.Example,
            monovalent ? [.. units, ("mEq/L", 1)] : units);
    }

    /// <summary>Potassium, 39.098 g/mol, monovalent (mEq/L = mmol/L).</summary>
    public static Substance Potassium { get; } = new("potassium", 39.098, monovalent: true);

    /// <summary>Calcium, 40.08 g/mol.</summary>
    public static Substance Calcium { get; } = new("calcium", 40.08);

    /// <summary>Citrate anion C6H5O7³⁻, 189.10 g/mol.</summary>
    public static Substance Citrate { get; } = new("citrate", 189.10);

    /// <summary>Magnesium, 24.305 g/mol.</summary>
    public static Substance Magnesium { get; } = new("magnesium", 24.305);

    /// <summary>The substance's name.</summary>
    public string Name { get; }

    /// <summary>Molar mass in g/mol (= mg/mmol).</summary>
    public double MolarMassGramsPerMole { get; }

    /// <summary>Units a concentration of this substance is read in: mmol/L and µmol/L, and mg/dL through the molar mass.</summary>
    public UnitSet ConcentrationUnits { get; }
}
