using Leuka.Procedure;
using Leuka.Quantities;

namespace Leuka.Scenarios;

/// <summary>
/// A range for one scenario input: values outside the hard limits are rejected as physiologically
/// impossible or unsafe to simulate; values outside the typical range are accepted with a warning.
/// </summary>
/// <typeparam name="T">The quantity type.</typeparam>
/// <param name="HardMin">Smallest accepted value.</param>
/// <param name="HardMax">Largest accepted value.</param>
/// <param name="Why">Why these limits, for the documentation.</param>
public sealed record Limit<T>(T HardMin, T HardMax, string Why)
    where T : struct, IQuantity<T>
{
    /// <summary>Whether a value lies within the hard limits.</summary>
    public bool Contains(T value) => value >= HardMin && value <= HardMax;
}

/// <summary>The hard limits of every scenario input. Listed with their reasons in docs/model/scenario-inputs.md.</summary>
public static class ScenarioLimits
{
    /// <summary>The largest scenario file read, in characters (a scenario is a few kB; an event a minute for 8 h is about 30 kB).</summary>
    public const int MaxScenarioCharacters = 4 * 1024 * 1024;

    /// <summary>The deepest nesting of objects and arrays read (a scenario nests four deep).</summary>
    public const int MaxNestingDepth = 32;

    /// <summary>The most events a scenario may hold (one every second for nearly 3 h).</summary>
    public const int MaxEvents = 10_000;

    /// <summary>The longest free text (a name, a pause reason), in characters.</summary>
    public const int MaxTextLength = 1_000;

    /// <summary>Age in years: 0–120.</summary>
    public const double MaxAgeYears = 120;

    /// <summary>Height.</summary>
    public static Limit<Length> Height { get; } = new(Length.FromCentimeters(30), Length.FromCentimeters(250), "from a preterm newborn to the tallest adults");

    /// <summary>Weight.</summary>
    public static Limit<Mass> Weight { get; } = new(Mass.FromKilograms(0.5), Mass.FromKilograms(350), "from a preterm newborn to extreme obesity");

    /// <summary>WBC.</summary>
    public static Limit<CellConcentration> Wbc { get; } = new(CellConcentration.Zero, CellConcentration.FromE9PerLiter(2000), "the highest published counts are about 1,000 ×10^9/L");

    /// <summary>Haematocrit.</summary>
    public static Limit<Fraction> Hematocrit { get; } = new(Fraction.FromPercent(5), Fraction.FromPercent(75), "compatible with life; also keeps the separator model in its valid range");

    /// <summary>Platelets.</summary>
    public static Limit<CellConcentration> Platelets { get; } = new(CellConcentration.Zero, CellConcentration.FromE9PerLiter(3000), "extreme thrombocytosis rarely exceeds 2,000 ×10^9/L");

    /// <summary>CD34+ and CD3+ counts (also limited by WBC).</summary>
    public static Limit<CellConcentration> Subset { get; } = new(CellConcentration.Zero, CellConcentration.FromE9PerLiter(2000), "a subset of the white cells");

    /// <summary>Plasma potassium.</summary>
    public static Limit<SubstanceConcentration> Potassium { get; } = new(SubstanceConcentration.FromMillimolesPerLiter(1.5), SubstanceConcentration.FromMillimolesPerLiter(9.0), "values outside are incompatible with life or a unit error");

    /// <summary>Ionized calcium.</summary>
    public static Limit<SubstanceConcentration> IonizedCalcium { get; } = new(SubstanceConcentration.FromMillimolesPerLiter(0.3), SubstanceConcentration.FromMillimolesPerLiter(3.0), "values outside are incompatible with life or a unit error");

    /// <summary>Haemoglobin.</summary>
    public static Limit<MassConcentration> Hemoglobin { get; } = new(MassConcentration.FromGramsPerDeciliter(1.5), MassConcentration.FromGramsPerDeciliter(25), "compatible with life");

    /// <summary>Measured blood volume.</summary>
    public static Limit<Volume> MeasuredBloodVolume { get; } = new(Volume.FromLiters(0.05), Volume.FromLiters(15), "a preterm newborn to a very large adult");

    /// <summary>Doubling time of malignant cells.</summary>
    public static Limit<Duration> DoublingTime { get; } = new(Duration.FromHours(12), Duration.FromHours(24 * 3650), "from the fastest acute leukaemias to indolent disease");

    /// <summary>Blood-volume expansion factor: 1–2.</summary>
    public const double MaxExpansionFactor = 2;

    /// <summary>Inlet flow.</summary>
    public static Limit<VolumeFlow> InletFlow { get; } = new(VolumeFlow.FromMillilitersPerMinute(5), VolumeFlow.FromMillilitersPerMinute(150), "the pump range of current separators");

    /// <summary>Inlet:AC ratio: 4–30 (WBCD 6–15; up to 24 with heparin).</summary>
    public const double MinInletToAcRatio = 4;

    /// <summary>Largest inlet:AC ratio.</summary>
    public const double MaxInletToAcRatio = 30;

    /// <summary>A red-cell prime's haematocrit.</summary>
    public static Limit<Fraction> PrimeHematocrit { get; } = new(Fraction.FromPercent(15), Fraction.FromPercent(80), "from a prime reconstituted for an anaemic child to packed cells (about 55–80 %)");

    /// <summary>The collect line's Hct set point (a device's collect control).</summary>
    public static Limit<Fraction> CollectHematocrit { get; } = new(Fraction.FromPercent(0.5), Fraction.FromPercent(20), "collect lines run at about 1–5 % Hct; above 20 % the port draws red cells, not the white layer");

    /// <summary>Collect flow.</summary>
    public static Limit<VolumeFlow> CollectFlow { get; } = new(VolumeFlow.FromMillilitersPerMinute(0.1), VolumeFlow.FromMillilitersPerMinute(20), "collect pumps run at about 0.5–5 mL/min");

    /// <summary>AC infusion-rate limit (spec: 0.4–1.6 mL/min/L).</summary>
    public static Limit<FlowPerBloodVolume> AcInfusionRateLimit { get; } = new(FlowPerBloodVolume.FromMillilitersPerMinutePerLiter(0.4), FlowPerBloodVolume.FromMillilitersPerMinutePerLiter(1.6), "the contract's allowed range");

    /// <summary>Centrifuge speed.</summary>
    public static Limit<RotationalSpeed> CentrifugeSpeed { get; } = new(RotationalSpeed.FromRevolutionsPerMinute(500), RotationalSpeed.FromRevolutionsPerMinute(4000), "a range around current separators' speeds");

    /// <summary>Continuous calcium.</summary>
    public static Limit<SubstanceRate> CalciumInfusion { get; } = new(SubstanceRate.Zero, SubstanceRate.FromMillimolesPerHour(20), "about ten times the usual 1.8 mmol/h");

    /// <summary>The disposable set's extracorporeal volume.</summary>
    public static Limit<Volume> SetVolume { get; } = new(Volume.FromMilliliters(100), Volume.FromMilliliters(500), "collection sets hold a few hundred mL (an exchange set 141 mL typical, 185 mL at most: docs/reference/MODEL-DATA.md §6); the channel alone holds 40 mL");

    /// <summary>Blood drawn per ionized-calcium measurement.</summary>
    public static Limit<Volume> SampleVolume { get; } = new(Volume.Zero, Volume.FromMilliliters(20), "a blood-gas sample takes about 2 mL; research protocols 5 mL (20 mL would be four such tubes)");

    /// <summary>Magnesium per litre of anticoagulant: up to about five times the 0.2 mg/mL (8.2 mmol/L) of the NIH regimen (Haddad 2005).</summary>
    public static Limit<SubstanceConcentration> MagnesiumPerAc { get; } = new(SubstanceConcentration.Zero, SubstanceConcentration.FromMillimolesPerLiter(40), "about five times the 0.2 mg/mL (8.2 mmol/L) given per mL of ACD-A in large-volume collections");

    /// <summary>Heparin per mL of anticoagulant: 0.5–20 IU/mL (no heparin: leave `heparin` out).</summary>
    public static Limit<ActivityConcentration> HeparinPerAc { get; } = new(ActivityConcentration.FromInternationalUnitsPerMilliliter(0.5), ActivityConcentration.FromInternationalUnitsPerMilliliter(20), "published large-volume collections add 6 IU/mL (3,000 IU per 500 mL of ACD-A); 20 IU/mL is three times that; for no heparin leave procedure.heparin out");

    /// <summary>A heparin bolus at connection: 0–10,000 IU.</summary>
    public static Limit<Activity> HeparinBolus { get; } = new(Activity.Zero, Activity.FromInternationalUnits(10000), "the bolus that starts treatment of a venous thrombosis is 80 IU/kg, about 5,600 IU at 70 kg");

    /// <summary>A heparin bolus by weight at connection: 0–100 IU/kg.</summary>
    public static Limit<ActivityPerBodyMass> HeparinBolusPerKg { get; } = new(ActivityPerBodyMass.Zero, ActivityPerBodyMass.FromInternationalUnitsPerKilogram(100), "the bolus that starts treatment of a venous thrombosis is 80 IU/kg");

    /// <summary>Continuous magnesium during the run.</summary>
    public static Limit<SubstanceRate> MagnesiumInfusion { get; } = new(SubstanceRate.Zero, SubstanceRate.FromMillimolesPerHour(10), "a few mmol over a procedure is usual; 10 mmol/h is far beyond it");

    /// <summary>Processed-volume stop.</summary>
    public static Limit<Volume> ProcessedVolume { get; } = new(Volume.FromLiters(0.1), Volume.FromLiters(60), "beyond the largest large-volume collections");

    /// <summary>Blood-volumes stop: 0.1–8.</summary>
    public const double MaxBloodVolumes = 8;

    /// <summary>Time between scheduled ionized-calcium measurements.</summary>
    public static Limit<Duration> CalciumMonitoringInterval { get; } = new(Duration.FromMinutes(Procedure.CalciumMonitoring.MinIntervalMinutes), Duration.FromMinutes(Procedure.CalciumMonitoring.MaxIntervalMinutes), "from a measurement every 5 min to one every 4 h");

    /// <summary>Duration stop.</summary>
    public static Limit<Duration> RunDuration { get; } = new(Duration.FromMinutes(1), Duration.FromHours(8), "the engine's run-time limit: a procedure is at most 8 h");

    /// <summary>Target CD34+ dose.</summary>
    public static Limit<DosePerBodyMass> Cd34Dose { get; } = new(DosePerBodyMass.FromE6PerKilogram(0.1), DosePerBodyMass.FromE6PerKilogram(50), "clinical targets are 1–10 ×10^6/kg");

    /// <summary>Target CD3+ yield.</summary>
    public static Limit<CellCount> Cd3Yield { get; } = new(CellCount.FromE9(0.01), CellCount.FromE9(200), "clinical targets are 0.6–10 ×10^9");

    /// <summary>Event time.</summary>
    public static Limit<Duration> EventTime { get; } = new(Duration.Zero, Duration.FromHours(10), "within the longest run");

    /// <summary>Fault duration.</summary>
    public static Limit<Duration> FaultDuration { get; } = new(Duration.FromSeconds(1), Duration.FromHours(10), "within the longest run");

    /// <summary>Bolus volumes by solution.</summary>
    public static Limit<Volume> Bolus(BolusSolution solution) => solution switch
    {
        BolusSolution.CalciumGluconate10Percent => new(Volume.FromMilliliters(0.1), Volume.FromMilliliters(100), "a 10 mL ampoule is the usual bolus"),
        BolusSolution.CalciumChloride10Percent => new(Volume.FromMilliliters(0.1), Volume.FromMilliliters(30), "3 times the usual 10 mL ampoule"),
        _ => new(Volume.FromMilliliters(1), Volume.FromMilliliters(2000), "a fluid bolus"),
    };
}
