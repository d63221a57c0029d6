using Leuka.Quantities;

namespace Leuka.Patients;

/// <summary>Biological sex, which the blood-volume formulas and citrate-reaction risk depend on.</summary>
public enum Sex
{
    /// <summary>Female.</summary>
    Female,

    /// <summary>Male.</summary>
    Male,
}

/// <summary>The disease, which decides which cells are malignant and how fast they regrow.</summary>
public enum Diagnosis
{
    /// <summary>No haematological malignancy (healthy donor, autologous collection in remission, solid tumour).</summary>
    None,

    /// <summary>Acute myeloid leukaemia: blasts are malignant.</summary>
    Aml,

    /// <summary>Acute lymphoblastic leukaemia: blasts are malignant.</summary>
    All,

    /// <summary>Chronic myeloid leukaemia: granulocytes and blasts are malignant.</summary>
    Cml,

    /// <summary>Chronic lymphocytic leukaemia: lymphocytes are malignant.</summary>
    Cll,
}

/// <summary>A patient or donor as the procedure sees them before it starts.</summary>
/// <param name="Sex">Biological sex.</param>
/// <param name="AgeYears">Age in years (fractional for infants).</param>
/// <param name="Height">Body height.</param>
/// <param name="Weight">Body weight.</param>
/// <param name="BloodVolume">How the total blood volume is to be estimated.</param>
/// <param name="Labs">Pre-procedure blood counts and chemistry.</param>
/// <param name="Diagnosis">The disease, which decides which cells regrow after the procedure.</param>
/// <param name="MalignantDoublingTime">Overrides the diagnosis' default doubling time of malignant cells.</param>
/// <param name="LiverDisease">Liver disease (cirrhosis): citrate is cleared more slowly.</param>
/// <param name="Variation">How this patient differs from the typical one (null: typical).</param>
/// <param name="Vitals">Blood pressure and heart rate before the procedure (null: typical for age, docs/model/circulation.md).</param>
/// <param name="PriorProcedures">Apheresis procedures this patient has had before (0: this is the first), for the vasovagal risk.</param>
public sealed record Patient(
    Sex Sex,
    double AgeYears,
    Length Height,
    Mass Weight,
    BloodVolumeSpec BloodVolume,
    Labs Labs,
    Diagnosis Diagnosis = Diagnosis.None,
    Duration? MalignantDoublingTime = null,
    bool LiverDisease = false,
    PatientVariation? Variation = null,
    Vitals? Vitals = null,
    int PriorProcedures = 0)
{
    /// <summary>The patient's variation, typical when none was given.</summary>
    public PatientVariation Varies => Variation ?? PatientVariation.Typical;

    /// <summary>Age from which adult blood-volume formulas apply by default.</summary>
    public const double AdultAgeYears = 18;

    /// <summary>Whether the patient is a child (under 18 years).</summary>
    public bool IsChild => AgeYears < AdultAgeYears;

    /// <summary>Body-mass index in kg/m².</summary>
    public double BodyMassIndex => Weight.Kilograms / (Height.Meters * Height.Meters);
}

/// <summary>Blood pressure and heart rate measured before the procedure, at rest, lying or semi-recumbent.</summary>
/// <param name="SystolicMmHg">Systolic pressure, mmHg.</param>
/// <param name="DiastolicMmHg">Diastolic pressure, mmHg.</param>
/// <param name="HeartRatePerMin">Heart rate, beats per minute.</param>
public sealed record Vitals(double SystolicMmHg, double DiastolicMmHg, double HeartRatePerMin)
{
    /// <summary>Mean arterial pressure: diastolic plus a third of the pulse pressure.</summary>
    public double MeanMmHg => DiastolicMmHg + ((SystolicMmHg - DiastolicMmHg) / 3);
}

/// <summary>Pre-procedure laboratory values.</summary>
/// <param name="Wbc">White-cell count.</param>
/// <param name="Hematocrit">Haematocrit.</param>
/// <param name="Platelets">Platelet count.</param>
/// <param name="Differential">White-cell differential (a normal one when none was given).</param>
/// <param name="DifferentialAssumed">True when no differential was given and a normal one is assumed.</param>
/// <param name="Cd34">CD34+ cells in blood, if measured.</param>
/// <param name="Cd3">CD3+ cells in blood, if measured.</param>
/// <param name="IonizedCalcium">Ionized calcium, if measured.</param>
/// <param name="Hemoglobin">Haemoglobin, if measured.</param>
/// <param name="Potassium">Plasma potassium, if measured.</param>
public sealed record Labs(
    CellConcentration Wbc,
    Fraction Hematocrit,
    CellConcentration Platelets,
    Differential Differential,
    bool DifferentialAssumed,
    CellConcentration? Cd34 = null,
    CellConcentration? Cd3 = null,
    SubstanceConcentration? IonizedCalcium = null,
    MassConcentration? Hemoglobin = null,
    SubstanceConcentration? Potassium = null);

/// <summary>
/// The white-cell differential as fractions of the WBC. Granulocyte classes are kept apart here
/// because clinicians report them apart; the separator treats them as one granulocyte species.
/// </summary>
/// <param name="Neutrophils">Segmented and band neutrophils.</param>
/// <param name="Lymphocytes">Lymphocytes.</param>
/// <param name="Monocytes">Monocytes.</param>
/// <param name="Eosinophils">Eosinophils.</param>
/// <param name="Basophils">Basophils.</param>
/// <param name="Blasts">Blasts (myeloid or lymphoid).</param>
/// <param name="ImmatureGranulocytes">Promyelocytes, myelocytes and metamyelocytes (chiefly CML).</param>
public sealed record Differential(
    Fraction Neutrophils,
    Fraction Lymphocytes,
    Fraction Monocytes,
    Fraction Eosinophils,
    Fraction Basophils,
    Fraction Blasts,
    Fraction ImmatureGranulocytes)
{
    /// <summary>
    /// A normal adult differential, assumed when none is given: neutrophils 60 %, lymphocytes 30 %,
    /// monocytes 6 %, eosinophils 3 %, basophils 1 % (mid reference intervals).
    /// </summary>
    public static Differential Normal { get; } = new(
        Fraction.FromPercent(60), Fraction.FromPercent(30), Fraction.FromPercent(6),
        Fraction.FromPercent(3), Fraction.FromPercent(1), Fraction.Zero, Fraction.Zero);

    /// <summary>
    /// The differential assumed when none is entered: a normal one without a leukaemia, and a typical
    /// composition for each leukaemia (blood at diagnosis with a high count), never a healthy one
    /// for a leukaemia. Compositions and their sources, and which parts are assumptions:
    /// docs/model/scenario-inputs.md (assumed differentials).
    /// </summary>
    public static Differential TypicalFor(Diagnosis diagnosis) => diagnosis switch
    {
        Diagnosis.Aml => Percent(6, 6, 10, 0, 0, 75, 3),
        Diagnosis.All => Percent(3, 6, 1, 0, 0, 90, 0),
        Diagnosis.Cml => Percent(50, 3, 1, 3, 4, 2, 37),
        Diagnosis.Cll => Percent(5, 93, 2, 0, 0, 0, 0),
        _ => Normal,
    };

    /// <summary>How far from 100 % the classes of an entered differential may sum (rounding on lab reports).</summary>
    public const double SumTolerancePercent = 2;

    /// <summary>Whether the classes sum to 100 % within <see cref="SumTolerancePercent"/>.</summary>
    public bool SumsToWhole => Math.Abs(Total.Percent - 100) <= SumTolerancePercent;

    /// <summary>The sum of all classes (should be 100 %).</summary>
    public Fraction Total => Neutrophils + Lymphocytes + Monocytes + Eosinophils + Basophils + Blasts + ImmatureGranulocytes;

    /// <summary>All granulocytes, mature and immature: the separator's granulocyte species.</summary>
    public Fraction Granulocytes => Neutrophils + Eosinophils + Basophils + ImmatureGranulocytes;

    /// <summary>The immature share of the granulocytes (0 when there are none): the separator settles them apart.</summary>
    public double ImmatureGranulocyteShare => Granulocytes.Ratio > 0 ? ImmatureGranulocytes.Ratio / Granulocytes.Ratio : 0;

    /// <summary>Mononuclear cells: lymphocytes, monocytes and blasts.</summary>
    public Fraction Mononuclear => Lymphocytes + Monocytes + Blasts;

    private static Differential Percent(double neutrophils, double lymphocytes, double monocytes, double eosinophils, double basophils, double blasts, double immature) => new(
        Fraction.FromPercent(neutrophils), Fraction.FromPercent(lymphocytes), Fraction.FromPercent(monocytes), Fraction.FromPercent(eosinophils),
        Fraction.FromPercent(basophils), Fraction.FromPercent(blasts), Fraction.FromPercent(immature));
}
