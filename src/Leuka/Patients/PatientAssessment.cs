using Leuka.Quantities;

namespace Leuka.Patients;

/// <summary>
/// The values a clinician checks first, derived from the patient: blood volume, its split into red
/// cells, white cells, platelets and plasma, and the body-mass index.
/// </summary>
/// <param name="BloodVolume">Total blood volume estimate.</param>
/// <param name="RedCellVolume">TBV × Hct.</param>
/// <param name="Leukocrit">White-cell volume fraction of blood.</param>
/// <param name="Plateletcrit">Platelet volume fraction of blood.</param>
/// <param name="PlasmaVolume">TBV × (1 − Hct − leukocrit − plateletcrit).</param>
/// <param name="BodyMassIndex">kg/m².</param>
/// <param name="CirculatingWbc">White cells in the circulating blood volume.</param>
/// <param name="CirculatingPlatelets">Platelets in the circulating blood volume.</param>
/// <param name="CirculatingCd34">CD34+ cells in the circulating blood volume, if measured.</param>
public sealed record PatientAssessment(
    BloodVolumeEstimate BloodVolume,
    Volume RedCellVolume,
    Fraction Leukocrit,
    Fraction Plateletcrit,
    Volume PlasmaVolume,
    double BodyMassIndex,
    CellCount CirculatingWbc,
    CellCount CirculatingPlatelets,
    CellCount? CirculatingCd34)
{
    /// <summary>Leukocrit above which white cells form a sedimenting phase and leukostasis is a concern (≈10 %).</summary>
    public static Fraction HighLeukocrit { get; } = Fraction.FromPercent(10);

    /// <summary>Derives the assessment from a patient.</summary>
    public static PatientAssessment Of(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var tbv = Patients.BloodVolume.Estimate(patient);
        var labs = patient.Labs;
        var leukocrit = Fraction.FromRatio(LeukocritOf(patient));
        var plateletcrit = Fraction.FromRatio(CellType.Platelet.VolumeFraction(labs.Platelets.E9PerLiter));
        var plasmaRatio = Math.Max(0, 1 - labs.Hematocrit.Ratio - leukocrit.Ratio - plateletcrit.Ratio);
        return new PatientAssessment(
            tbv,
            tbv.Total * labs.Hematocrit,
            leukocrit,
            plateletcrit,
            tbv.Total * plasmaRatio,
            patient.BodyMassIndex,
            labs.Wbc * tbv.Total,
            labs.Platelets * tbv.Total,
            labs.Cd34 * tbv.Total);
    }

    /// <summary>This patient's leukocrit from the labs: the diagnosis decides the blasts' lineage, the patient's variation their volume.</summary>
    public static double LeukocritOf(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return LeukocritOf(patient.Labs.Wbc, patient.Labs.Differential, patient.Diagnosis, patient.Varies.BlastVolume);
    }

    /// <summary>
    /// White-cell volume fraction: Σ count × isolated cell volume over the differential. All
    /// granulocyte classes use the neutrophil volume (an assumption: no public volumes for
    /// eosinophils, basophils or myelocytes were found).
    /// </summary>
    /// <param name="wbc">White count.</param>
    /// <param name="differential">Its differential.</param>
    /// <param name="diagnosis">Decides the blasts' lineage and so their volume.</param>
    /// <param name="blastVolume">This patient's multiplier on the blasts' volume (<see cref="PatientVariation.BlastVolume"/>).</param>
    public static double LeukocritOf(CellConcentration wbc, Differential differential, Diagnosis diagnosis = Diagnosis.None, double blastVolume = 1)
    {
        ArgumentNullException.ThrowIfNull(differential);
        var w = wbc.E9PerLiter;
        return LeukocritOf(
            CellConcentration.FromE9PerLiter(w * differential.Granulocytes.Ratio),
            CellConcentration.FromE9PerLiter(w * differential.Lymphocytes.Ratio),
            CellConcentration.FromE9PerLiter(w * differential.Monocytes.Ratio),
            CellConcentration.FromE9PerLiter(w * differential.Blasts.Ratio),
            diagnosis,
            blastVolume);
    }

    /// <summary>
    /// Volume fraction of blood taken by the white cells (the four classes the WBC counts): the one
    /// definition of leukocrit, used by the scenario check, the planner and the engine.
    /// </summary>
    public static double LeukocritOf(CellConcentration granulocytes, CellConcentration lymphocytes, CellConcentration monocytes, CellConcentration blasts, Diagnosis diagnosis = Diagnosis.None, double blastVolume = 1) =>
        CellType.Neutrophil.VolumeFraction(granulocytes.E9PerLiter)
        + CellType.Lymphocyte.VolumeFraction(lymphocytes.E9PerLiter)
        + CellType.Monocyte.VolumeFraction(monocytes.E9PerLiter)
        + (CellType.BlastFor(diagnosis).VolumeFraction(blasts.E9PerLiter) * blastVolume);
}
