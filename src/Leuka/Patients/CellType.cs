namespace Leuka.Patients;

/// <summary>
/// A blood cell species with the physical properties that set where it layers in a centrifuge and
/// how much volume it occupies. Values and sources: docs/model/blood-volume.md (and
/// docs/reference/MODEL-DATA.md §2).
/// </summary>
/// <param name="Name">Species name.</param>
/// <param name="DensityGramsPerMilliliter">Cell density.</param>
/// <param name="VolumeFemtoliters">Volume of an isolated cell in blood.</param>
public sealed record CellType(string Name, double DensityGramsPerMilliliter, double VolumeFemtoliters)
{
    /// <summary>Red cell: 1.100 g/mL (Zipursky, Blood 1976;48:361), MCV 90 fL.</summary>
    public static CellType RedCell { get; } = new("red cell", 1.100, 90);

    /// <summary>Neutrophil (granulocyte): 1.085 g/mL, 468 fL isolated (Zipursky 1976; Shariatmadar).</summary>
    public static CellType Neutrophil { get; } = new("neutrophil", 1.085, 468);

    /// <summary>
    /// Immature granulocyte (myelocytes and metamyelocytes, chiefly CML and a left shift): 1.078 g/mL,
    /// between the myelocytes' 1.0776 and metamyelocytes' 1.0799 density peaks on a continuous Percoll
    /// gradient (promyelocytes 1.0734, mature neutrophils 1.0864); volume assumed the neutrophil's (no
    /// isolated-cell volume found). Lighter than the packed red layer, so they rise out of it as the
    /// mononuclear cells do (docs/model/separator.md).
    /// </summary>
    public static CellType ImmatureGranulocyte { get; } = new("immature granulocyte", 1.078, 468);

    /// <summary>Lymphocyte: 1.075 g/mL, 247 fL isolated.</summary>
    public static CellType Lymphocyte { get; } = new("lymphocyte", 1.075, 247);

    /// <summary>Monocyte: 1.072 g/mL, 534 fL isolated.</summary>
    public static CellType Monocyte { get; } = new("monocyte", 1.072, 534);

    /// <summary>Myeloblast: 1.0645 g/mL, 735 fL (11.2 µm median diameter in AML).</summary>
    public static CellType Blast { get; } = new("blast", 1.0645, 735);

    /// <summary>
    /// ALL lymphoblast: 1.070 g/mL (10 of 14 patients' lymphoblasts above 1.068, Zipursky, Blood
    /// 1976;48:361); 755 fL (11.3 µm median smear diameter, against 11.2 µm for AML blasts measured
    /// the same way, Jaime-Pérez 2014): no published volume separates them.
    /// </summary>
    public static CellType Lymphoblast { get; } = new("lymphoblast", 1.070, 755);

    /// <summary>The blasts of a diagnosis: lymphoblasts in ALL, myeloblasts otherwise (AML, CML blast crisis).</summary>
    public static CellType BlastFor(Diagnosis diagnosis) => diagnosis == Diagnosis.All ? Lymphoblast : Blast;

    /// <summary>CD34+ progenitor: ≈1.070 g/mL, 407 fL (Shariatmadar).</summary>
    public static CellType Cd34 { get; } = new("CD34+ cell", 1.070, 407);

    /// <summary>Platelet: 1.07 g/mL, 7 fL (mid of 5–8 fL).</summary>
    public static CellType Platelet { get; } = new("platelet", 1.070, 7);

    /// <summary>Volume fraction of blood taken by cells of this type at a concentration in ×10^9/L.</summary>
    /// <remarks>10^9 cells/L × 1 fL = 10^-6 L/L.</remarks>
    public double VolumeFraction(double concentrationE9PerLiter) => concentrationE9PerLiter * VolumeFemtoliters * 1e-6;
}
