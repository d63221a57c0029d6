using System.Collections.Immutable;
using Leuka.Physiology;

namespace Leuka.Procedure;

/// <summary>A count before and after.</summary>
/// <param name="Pre">Before the procedure, ×10^9/L.</param>
/// <param name="Post">After the procedure (after rinseback), ×10^9/L.</param>
public sealed record CountChange(double Pre, double Post)
{
    /// <summary>Fall as a share of the pre-procedure count, %.</summary>
    public double ReductionPercent => Pre > 0 ? 100 * (Pre - Post) / Pre : 0;
}

/// <summary>The product bag.</summary>
/// <param name="VolumeMl">Volume.</param>
/// <param name="HematocritPercent">Red-cell fraction.</param>
/// <param name="WbcE9">White cells (granulocytes, lymphocytes, monocytes, blasts).</param>
/// <param name="PlateletsE9">Platelets.</param>
/// <param name="GranulocytePercentOfWbc">Granulocytes as a share of white cells.</param>
/// <param name="LymphocytesE9">Lymphocytes.</param>
/// <param name="MonocytesE9">Monocytes.</param>
/// <param name="BlastsE9">Blasts.</param>
/// <param name="Cd34E6">CD34+ cells, ×10^6.</param>
/// <param name="Cd3E9">CD3+ cells.</param>
/// <param name="Cd34PerKgE6">CD34+ dose, ×10^6 per kg of the patient.</param>
public sealed record ProductSummary(
    double VolumeMl,
    double HematocritPercent,
    double WbcE9,
    double PlateletsE9,
    double GranulocytePercentOfWbc,
    double LymphocytesE9,
    double MonocytesE9,
    double BlastsE9,
    double Cd34E6,
    double Cd3E9,
    double Cd34PerKgE6);

/// <summary>Collection efficiencies (CE1 with the mean of pre and post counts, CE2 with the pre count), %.</summary>
/// <param name="Wbc">White cells.</param>
/// <param name="Mnc">Mononuclear cells: lymphocytes, monocytes and blasts.</param>
/// <param name="Cd34">CD34+ cells.</param>
/// <param name="Lymphocytes">Lymphocytes.</param>
public sealed record Efficiencies((double Ce1, double Ce2) Wbc, (double Ce1, double Ce2) Mnc, (double Ce1, double Ce2) Cd34, (double Ce1, double Ce2) Lymphocytes)
{
    /// <summary>Platelets: the platelets the product took, the measure of platelet attrition in MNC and CD34+ collections.</summary>
    public (double Ce1, double Ce2) Platelets { get; init; }
}

/// <summary>Anticoagulant and citrate.</summary>
/// <param name="AcVolumeMl">AC that entered the blood.</param>
/// <param name="PeakInfusionRateMgPerKgPerMin">Highest citrate infusion rate to the patient (citrate anion).</param>
/// <param name="PeakPlasmaMmolPerL">Highest plasma citrate.</param>
/// <param name="ToPatientMmol">AC citrate that reached the patient.</param>
public sealed record CitrateSummary(double AcVolumeMl, double PeakInfusionRateMgPerKgPerMin, double PeakPlasmaMmolPerL, double ToPatientMmol)
{
    /// <summary>A citrate infusion's clearance as a study computes it: dose over the area under the plasma curve above baseline, extrapolated (null for other kinds, or when the fall was not observed).</summary>
    public double? ClearanceMlPerMin { get; init; }

    /// <summary>A citrate infusion's terminal half-life from the log-linear fall after the infusion (null as above).</summary>
    public double? HalfLifeMin { get; init; }
}

/// <summary>Ionized calcium.</summary>
/// <param name="BaselineMmolPerL">Before the procedure.</param>
/// <param name="NadirMmolPerL">Lowest.</param>
/// <param name="NadirAtMin">When it was lowest.</param>
/// <param name="GivenMmol">Calcium given (prophylaxis and boluses).</param>
/// <param name="ReactionProbability">Probability of a citrate reaction at that nadir (docs/model/citrate-calcium.md).</param>
/// <param name="TotalPreMmolPerL">Total calcium before, in its distribution volume.</param>
/// <param name="TotalPostMmolPerL">Total calcium after.</param>
/// <param name="EndMmolPerL">Ionized calcium at the end (after rinseback): what a post-procedure sample reads.</param>
public sealed record CalciumSummary(double BaselineMmolPerL, double NadirMmolPerL, double NadirAtMin, double GivenMmol, double ReactionProbability, double TotalPreMmolPerL, double TotalPostMmolPerL, double EndMmolPerL)
{
    /// <summary>When this patient's citrate symptoms started (a patient with a citrate tolerance only; null: none).</summary>
    public double? SymptomsAtMin { get; init; }
}

/// <summary>Ionized and total magnesium over the run (docs/model/citrate-calcium.md, magnesium).</summary>
/// <param name="BaselineMmolPerL">Ionized magnesium before.</param>
/// <param name="NadirMmolPerL">The lowest ionized magnesium.</param>
/// <param name="EndMmolPerL">Ionized magnesium at the end.</param>
/// <param name="TotalPreMmolPerL">Total magnesium before.</param>
/// <param name="TotalPostMmolPerL">Total magnesium after.</param>
/// <param name="GivenMmol">Magnesium given (prophylaxis).</param>
public sealed record MagnesiumSummary(double BaselineMmolPerL, double NadirMmolPerL, double EndMmolPerL, double TotalPreMmolPerL, double TotalPostMmolPerL, double GivenMmol = 0);

/// <summary>Everything a run produced, for summary.json and the report.</summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Kind">Procedure kind.</param>
/// <param name="TotalBloodVolumeL">Patient TBV.</param>
/// <param name="ProcessedVolumeL">Whole blood processed.</param>
/// <param name="BloodVolumesProcessed">Processed over TBV.</param>
/// <param name="DurationMin">Connected time, blood prime to the end of rinseback.</param>
/// <param name="StopReason">Why the run stopped.</param>
/// <param name="Wbc">White count.</param>
/// <param name="Platelets">Platelet count.</param>
/// <param name="Hematocrit">Pre and post Hct, %.</param>
/// <param name="Product">Product bag.</param>
/// <param name="CollectionEfficiency">Collection efficiencies.</param>
/// <param name="Citrate">Citrate.</param>
/// <param name="IonizedCalcium">Ionized calcium.</param>
/// <param name="Extracorporeal">Peak patient blood in the set, mL and % of TBV.</param>
/// <param name="FluidBalanceMl">Net fluid to the patient (returned + infused − drawn).</param>
/// <param name="Alarms">Alarms raised.</param>
/// <param name="Warnings">Warnings: inputs, run and outcome.</param>
/// <param name="Phases">Phase changes.</param>
/// <param name="Events">Actions applied (events, operator actions, standing orders).</param>
/// <param name="FollowUp">Predicted counts after the procedure.</param>
/// <param name="SeparatorCells">Grid cells of the separator used (for provenance).</param>
/// <param name="Lymphocytes">Lymphocyte count, ×10^9/L.</param>
/// <param name="Cd34PerMicroliter">CD34+ count before and after, /µL.</param>
/// <param name="Cd34CirculatingPreE6">CD34+ cells circulating before the procedure, ×10^6.</param>
public sealed record ProcedureResult(
    string Name,
    ProcedureKind Kind,
    double TotalBloodVolumeL,
    double ProcessedVolumeL,
    double BloodVolumesProcessed,
    double DurationMin,
    string StopReason,
    CountChange Wbc,
    CountChange Platelets,
    (double PrePercent, double PostPercent) Hematocrit,
    ProductSummary Product,
    Efficiencies CollectionEfficiency,
    CitrateSummary Citrate,
    CalciumSummary IonizedCalcium,
    (double PeakMl, double PeakPercentOfTbv) Extracorporeal,
    double FluidBalanceMl,
    ImmutableArray<Alarm> Alarms,
    IReadOnlyList<RunWarning> Warnings,
    ImmutableArray<(ProcedurePhase Phase, double AtMinutes)> Phases,
    ImmutableArray<(double AtMinutes, string What)> Events,
    ImmutableArray<FollowUpPoint> FollowUp,
    int SeparatorCells,
    CountChange Lymphocytes,
    (double Pre, double Post) Cd34PerMicroliter,
    double Cd34CirculatingPreE6)
{
    /// <summary>Ionized and total magnesium.</summary>
    public MagnesiumSummary Magnesium { get; init; } = new(0, 0, 0, 0, 0);

    /// <summary>Blood drawn from the patient for the ionized-calcium samples, mL (lost: it counts in the fluid balance and takes its red cells).</summary>
    public double SampledMl { get; init; }

    /// <summary>Plasma potassium and the base load from citrate.</summary>
    public PotassiumSummary Potassium { get; init; } = new(0, 0, 0, 0, 0);

    /// <summary>Blood pressure, heart rate and vasovagal risk.</summary>
    public CirculationSummary Circulation { get; init; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, false);

    /// <summary>Heparin given with the anticoagulant and its plasma level (null: no heparin).</summary>
    public HeparinSummary? Heparin { get; init; }
}

/// <summary>Heparin over the run (docs/model/heparin.md).</summary>
/// <param name="ToPatientUnits">Heparin that reached the patient, bolus included, IU.</param>
/// <param name="BolusUnits">The bolus at connection, IU.</param>
/// <param name="UnitsPerKg">Heparin reaching the patient per kg of body weight.</param>
/// <param name="UnitsPerKgPerHour">The heparin that came with the AC (the bolus left out) per kg per hour of the procedure, IU/kg/h: the infusion rate clinics quote.</param>
/// <param name="PeakAntiXa">The highest plasma heparin (anti-Xa activity), IU/mL.</param>
/// <param name="EndAntiXa">Plasma heparin at the end, IU/mL.</param>
/// <param name="MinutesToClear">After the end, how long until plasma heparin is below <see cref="Physiology.HeparinKinetics.ClearedIuPerMl"/> (0 if it already is).</param>
public sealed record HeparinSummary(double ToPatientUnits, double BolusUnits, double UnitsPerKg, double UnitsPerKgPerHour, double PeakAntiXa, double EndAntiXa, double MinutesToClear);

/// <summary>Potassium and acid–base over the run (docs/model/citrate-calcium.md, potassium).</summary>
/// <param name="BaselineMmolPerL">Plasma potassium before.</param>
/// <param name="NadirMmolPerL">The lowest.</param>
/// <param name="EndMmolPerL">At the end.</param>
/// <param name="BicarbonateGainEndMmolPerL">Bicarbonate gained by the end, mmol/L.</param>
/// <param name="PeakPh">The highest arterial pH.</param>
public sealed record PotassiumSummary(double BaselineMmolPerL, double NadirMmolPerL, double EndMmolPerL, double BicarbonateGainEndMmolPerL, double PeakPh);

/// <summary>Blood pressure and heart rate over the run (docs/model/circulation.md).</summary>
/// <param name="BaselineSystolicMmHg">Systolic pressure before.</param>
/// <param name="BaselineDiastolicMmHg">Diastolic pressure before.</param>
/// <param name="BaselineMeanMmHg">Mean pressure before.</param>
/// <param name="BaselineHeartRate">Heart rate before, /min.</param>
/// <param name="LowestMeanMmHg">The lowest mean pressure.</param>
/// <param name="LowestMeanAtMin">When it was lowest.</param>
/// <param name="LowestSystolicMmHg">The lowest systolic pressure.</param>
/// <param name="HighestHeartRate">The highest heart rate, /min.</param>
/// <param name="HypotensionThresholdMmHg">The systolic pressure below which this patient is hypotensive.</param>
/// <param name="MinutesHypotensive">Minutes the systolic pressure was below it.</param>
/// <param name="HypotensionAtMin">When hypotension was first measured (null: never).</param>
/// <param name="SalineBolusesMl">Saline given for hypotension.</param>
/// <param name="VitalsMeasured">The start values were entered, not assumed for age.</param>
public sealed record CirculationSummary(
    double BaselineSystolicMmHg,
    double BaselineDiastolicMmHg,
    double BaselineMeanMmHg,
    double BaselineHeartRate,
    double LowestMeanMmHg,
    double LowestMeanAtMin,
    double LowestSystolicMmHg,
    double HighestHeartRate,
    double HypotensionThresholdMmHg,
    double MinutesHypotensive,
    double? HypotensionAtMin,
    double SalineBolusesMl,
    bool VitalsMeasured)
{
    /// <summary>The chance of a vasovagal reaction in this procedure (a probability, 0–1).</summary>
    public double VasovagalRisk { get; init; }
}

/// <summary>One time-series row (canonical units as in the CSV headers).</summary>
/// <param name="TimeMin">Procedure time.</param>
/// <param name="Phase">Phase.</param>
/// <param name="Paused">Pumps stopped.</param>
/// <param name="Wbc">White count, ×10^9/L.</param>
/// <param name="Platelets">Platelets, ×10^9/L.</param>
/// <param name="HematocritPercent">Hct, %.</param>
/// <param name="Blasts">Blasts, ×10^9/L.</param>
/// <param name="Lymphocytes">Lymphocytes, ×10^9/L.</param>
/// <param name="Cd34PerMicroliter">CD34+ cells, /µL.</param>
/// <param name="ProcessedMl">Whole blood processed.</param>
/// <param name="InletFlow">Inlet pump, mL/min.</param>
/// <param name="AcFlow">AC reaching the blood, mL/min.</param>
/// <param name="CollectFlow">Collect pump, mL/min.</param>
/// <param name="PlasmaFlow">Plasma pump, mL/min.</param>
/// <param name="ReturnFlow">Return, mL/min.</param>
/// <param name="PlasmaCitrate">Plasma citrate, mmol/L.</param>
/// <param name="IonizedCalcium">Ionized calcium, mmol/L.</param>
/// <param name="IonizedMagnesium">Ionized magnesium, mmol/L.</param>
/// <param name="CitrateRate">Citrate infusion rate, mg/kg/min.</param>
/// <param name="ExtracorporealMl">Patient blood in the set.</param>
/// <param name="ProductMl">Product volume.</param>
/// <param name="ProductWbcE9">White cells in the product.</param>
/// <param name="ProductCd34E6">CD34+ cells in the product, ×10^6.</param>
/// <param name="ProductPlateletsE9">Platelets in the product.</param>
/// <param name="FluidBalanceMl">Net fluid to the patient so far.</param>
/// <param name="AccessPressure">Draw pressure, mmHg.</param>
/// <param name="ReturnPressure">Return pressure, mmHg.</param>
/// <param name="OpenLoop">Interface held open loop.</param>
public sealed record TimeSeriesRow(
    double TimeMin,
    ProcedurePhase Phase,
    bool Paused,
    double Wbc,
    double Platelets,
    double HematocritPercent,
    double Blasts,
    double Lymphocytes,
    double Cd34PerMicroliter,
    double ProcessedMl,
    double InletFlow,
    double AcFlow,
    double CollectFlow,
    double PlasmaFlow,
    double ReturnFlow,
    double PlasmaCitrate,
    double IonizedCalcium,
    double IonizedMagnesium,
    double CitrateRate,
    double ExtracorporealMl,
    double ProductMl,
    double ProductWbcE9,
    double ProductCd34E6,
    double ProductPlateletsE9,
    double FluidBalanceMl,
    double AccessPressure,
    double ReturnPressure,
    bool OpenLoop)
{
    /// <summary>Plasma potassium, mmol/L.</summary>
    public double Potassium { get; init; }

    /// <summary>Arterial pH.</summary>
    public double Ph { get; init; }

    /// <summary>Plasma heparin (anti-Xa activity), IU/mL; 0 without heparin.</summary>
    public double AntiXa { get; init; }

    /// <summary>Mean arterial pressure, mmHg.</summary>
    public double MeanPressure { get; init; }

    /// <summary>Systolic pressure, mmHg.</summary>
    public double SystolicPressure { get; init; }

    /// <summary>Diastolic pressure, mmHg.</summary>
    public double DiastolicPressure { get; init; }

    /// <summary>Heart rate, /min.</summary>
    public double HeartRate { get; init; }
}
