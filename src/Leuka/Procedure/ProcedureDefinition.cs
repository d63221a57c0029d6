using Leuka.Physiology;
using Leuka.Quantities;
using Leuka.Separation;

namespace Leuka.Procedure;

// The procedure's vocabulary: what it is for, its settings, when it stops, and the actions that
// change it while it runs. A scenario file names these (docs/reference/scenario.md §2).

/// <summary>What the procedure is for.</summary>
public enum ProcedureKind
{
    /// <summary>Therapeutic white-cell reduction (hyperleukocytosis).</summary>
    LeukocyteDepletion,

    /// <summary>Mononuclear-cell collection, e.g. CAR-T starting material.</summary>
    MncCollection,

    /// <summary>Stem-cell (CD34+) collection.</summary>
    Cd34Collection,

    /// <summary>Lymphocyte collection, e.g. donor lymphocyte infusion.</summary>
    LymphocyteCollection,

    /// <summary>
    /// Citrate infused into a vein without any separation: the pharmacokinetics of citrate, calcium,
    /// magnesium and potassium alone (research; Kramer's study). docs/model/citrate-calcium.md.
    /// </summary>
    CitrateInfusion,
}

/// <summary>A citrate infusion without separation (<see cref="ProcedureKind.CitrateInfusion"/>).</summary>
/// <param name="MillimolesPerKgPerHour">Citrate per kg of body weight per hour.</param>
/// <param name="For">How long it runs from the start; the run goes on to its stop (observation).</param>
public sealed record CitrateInfusion(double MillimolesPerKgPerHour, Duration For)
{
    /// <summary>The solution: trisodium citrate 4 % (40 g/L of the dihydrate, 294.1 g/mol), 136 mmol/L; its volume counts in the fluid balance.</summary>
    public const double SolutionMmolPerL = 136;

    /// <summary>Largest rate a scenario may give, mmol/kg/h (four times Kramer's 0.5).</summary>
    public const double MaxMillimolesPerKgPerHour = 2;
}

/// <summary>The fluid the set is primed with.</summary>
public enum PrimeFluid
{
    /// <summary>Saline: dilutes the patient's blood early.</summary>
    Saline,

    /// <summary>Packed red cells: prevents the early Hct drop (small children, anaemia).</summary>
    RedCells,
}

/// <summary>Vascular access, which limits the achievable inlet flow.</summary>
public enum VascularAccess
{
    /// <summary>Peripheral venous needles: about 40–50 mL/min.</summary>
    Peripheral,

    /// <summary>Apheresis central venous catheter: about 50–80 mL/min.</summary>
    CentralVenousCatheter,

    /// <summary>Implanted apheresis port.</summary>
    Port,
}

/// <summary>When the procedure stops: exactly one condition.</summary>
public abstract record StopCondition;

/// <summary>What kind of stop a condition is.</summary>
public static class StopConditions
{
    /// <summary>A goal that can be missed (a white count after, a CD34+ dose, a CD3+ yield), not a volume or a duration.</summary>
    public static bool IsTarget(this StopCondition stop) => stop is TargetPostWbcStop or TargetCd34DoseStop or TargetCd3YieldStop;
}

/// <summary>Stop after a volume of whole blood has been processed.</summary>
/// <param name="Volume">Processed volume.</param>
public sealed record ProcessedVolumeStop(Volume Volume) : StopCondition;

/// <summary>Stop after a number of total blood volumes have been processed.</summary>
/// <param name="BloodVolumes">Multiples of TBV.</param>
public sealed record BloodVolumesStop(double BloodVolumes) : StopCondition;

/// <summary>Stop after a run time.</summary>
/// <param name="Duration">Run time.</param>
public sealed record DurationStop(Duration Duration) : StopCondition;

/// <summary>Stop when the patient's WBC falls to a target.</summary>
/// <param name="Wbc">Target post-procedure WBC.</param>
public sealed record TargetPostWbcStop(CellConcentration Wbc) : StopCondition;

/// <summary>Stop when the product holds a CD34+ dose per kg of the recipient (the patient).</summary>
/// <param name="Dose">Target dose.</param>
public sealed record TargetCd34DoseStop(DosePerBodyMass Dose) : StopCondition;

/// <summary>Stop when the product holds a number of CD3+ cells.</summary>
/// <param name="Cells">Target yield.</param>
public sealed record TargetCd3YieldStop(CellCount Cells) : StopCondition;

/// <summary>Continuous calcium given during the run.</summary>
/// <param name="Infusion">Elemental calcium per hour (zero: none).</param>
public sealed record CalciumProphylaxis(SubstanceRate Infusion)
{
    /// <summary>No prophylaxis.</summary>
    public static CalciumProphylaxis None { get; } = new(SubstanceRate.Zero);
}

/// <summary>Which product figures a procedure is about, beyond what the labs measured.</summary>
public static class ProductFigures
{
    /// <summary>
    /// CD3+ matters to this procedure (an MNC or lymphocyte collection, or a CD3+ target): its
    /// product reports CD3+ even without a blood CD3+ count, from an assumed share, and says so.
    /// </summary>
    public static bool Cd3Matters(ProcedureSettings procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return procedure.Stop is TargetCd3YieldStop || procedure.Kind is ProcedureKind.MncCollection or ProcedureKind.LymphocyteCollection;
    }
}

/// <summary>Procedure settings with every default filled in.</summary>
/// <param name="Kind">What the procedure is for.</param>
/// <param name="InletFlow">Anticoagulated blood entering the separator (whole blood + AC).</param>
/// <param name="InletToAcRatio">Inlet : AC ratio; the AC pump runs at inlet / ratio.</param>
/// <param name="CollectFlow">Collect pump flow.</param>
/// <param name="CollectionMode">Continuous or chamber.</param>
/// <param name="Stop">When to stop.</param>
/// <param name="AcInfusionRateLimit">AC infusion-rate safety limit per litre of TBV.</param>
/// <param name="CentrifugeSpeed">Speed override; null uses the protocol's speed.</param>
/// <param name="CalciumProphylaxis">Continuous calcium.</param>
/// <param name="Prime">Prime fluid.</param>
/// <param name="Access">Vascular access.</param>
/// <param name="Defaulted">The JSON names of the settings that were left out and took the kind's default.</param>
/// <param name="Device">The named device and protocol (null: the generic separator).</param>
/// <param name="CollectHematocrit">The collect line's Hct set point when it differs from the device's (null: the device's).</param>
/// <param name="CalciumMonitoring">When ionized calcium is measured (null: <see cref="Procedure.CalciumMonitoring.Default"/>).</param>
/// <param name="Anticoagulant">The citrate anticoagulant (null: ACD-A).</param>
/// <param name="PrimeHematocrit">A red-cell prime's haematocrit (null: reconstituted to the patient's).</param>
/// <param name="MagnesiumInfusion">Continuous magnesium given during the run (null: none).</param>
/// <param name="CitrateInfusion">The infusion of a citrate-infusion procedure (null for every other kind).</param>
/// <param name="MagnesiumPerAc">Magnesium given in proportion to the anticoagulant, per litre of AC pumped (null: none): it follows the AC pump, slowing and stopping with it.</param>
/// <param name="SampleVolume">Blood drawn from the patient for each ionized-calcium measurement (null: <see cref="ProcedureSettings.DefaultSampleVolume"/>).</param>
/// <param name="SetVolume">The disposable set's extracorporeal volume, from its label (null: the engine's set, 185 mL).</param>
/// <param name="Heparin">Heparin added to the anticoagulant, with a bolus at connection (null: citrate alone).</param>
public sealed record ProcedureSettings(
    ProcedureKind Kind,
    VolumeFlow InletFlow,
    double InletToAcRatio,
    VolumeFlow CollectFlow,
    CollectionMode CollectionMode,
    StopCondition Stop,
    FlowPerBloodVolume AcInfusionRateLimit,
    RotationalSpeed? CentrifugeSpeed,
    CalciumProphylaxis CalciumProphylaxis,
    PrimeFluid Prime,
    VascularAccess Access,
    IReadOnlyList<string> Defaulted,
    SeparatorDevice? Device = null,
    Fraction? CollectHematocrit = null,
    CalciumMonitoring? CalciumMonitoring = null,
    Anticoagulant? Anticoagulant = null,
    Fraction? PrimeHematocrit = null,
    SubstanceRate? MagnesiumInfusion = null,
    CitrateInfusion? CitrateInfusion = null,
    SubstanceConcentration? MagnesiumPerAc = null,
    Volume? SampleVolume = null,
    Volume? SetVolume = null,
    Physiology.HeparinRegimen? Heparin = null)
{
    /// <summary>The set this procedure uses: the engine's, or the same lines scaled to the scenario's volume.</summary>
    public CircuitSet SetUsed(CircuitSet engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return SetVolume is { } volume ? engine.WithVolume(volume) : engine;
    }

    /// <summary>The set's volume as the engine runs it by default: the scenario's, else the default set's.</summary>
    public Volume SetVolumeUsed => SetUsed(CircuitSet.Default).Volume;

    /// <summary>
    /// Blood drawn per ionized-calcium measurement when the scenario does not say: 2 mL, about what a
    /// blood-gas sample takes (an assumption, docs/model/fluid-balance.md, samples).
    /// </summary>
    public static Volume DefaultSampleVolume { get; } = Volume.FromMilliliters(2);

    /// <summary>Blood drawn per measurement: the scenario's, else the default.</summary>
    public Volume SampleVolumeUsed => SampleVolume ?? DefaultSampleVolume;

    /// <summary>
    /// A red-cell prime's haematocrit: the scenario's, else the patient's own. Units reconstitute
    /// packed cells with albumin or saline so that the prime neither transfuses nor dilutes the patient
    /// (an assumption: docs/model/procedure.md, the set).
    /// </summary>
    public Fraction RedCellPrimeHematocrit(Fraction patientHematocrit) => PrimeHematocrit ?? patientHematocrit;

    /// <summary>The anticoagulant: the scenario's, else ACD-A.</summary>
    public Anticoagulant AnticoagulantUsed => Anticoagulant ?? Physiology.Anticoagulant.AcdA;

    /// <summary>When ionized calcium is measured: the scenario's choice, else a baseline and every 30 min.</summary>
    public CalciumMonitoring CalciumMonitoringUsed => CalciumMonitoring ?? Procedure.CalciumMonitoring.Default;

    /// <summary>The device and protocol: the generic separator unless the scenario names one.</summary>
    public SeparatorDevice DeviceUsed => Device ?? SeparatorDevice.Generic;

    /// <summary>The collect line's Hct set point at the start: the scenario's, else the device's (null: no collect control).</summary>
    public Fraction? CollectHematocritUsed => CollectHematocrit ?? DeviceUsed.CollectHematocrit;

    /// <summary>The AC pump flow: inlet / ratio.</summary>
    public VolumeFlow AcFlow => InletFlow / InletToAcRatio;
}

/// <summary>A timed action during the run.</summary>
/// <param name="At">Procedure time at which it happens.</param>
/// <param name="Action">What happens.</param>
public sealed record ScenarioEvent(Duration At, EventAction Action);

/// <summary>An action the operator (or a fault) performs during the run.</summary>
public abstract record EventAction;

/// <summary>Changes settings; null leaves a setting as it is.</summary>
/// <param name="InletFlow">New inlet flow.</param>
/// <param name="InletToAcRatio">New inlet:AC ratio.</param>
/// <param name="CollectFlow">New collect flow.</param>
/// <param name="CentrifugeSpeed">New centrifuge speed.</param>
/// <param name="CollectHematocrit">New collect-line Hct set point (devices with collect control).</param>
public sealed record SetAction(VolumeFlow? InletFlow, double? InletToAcRatio, VolumeFlow? CollectFlow, RotationalSpeed? CentrifugeSpeed, Fraction? CollectHematocrit = null) : EventAction;

/// <summary>Solutions that can be given as a bolus.</summary>
public enum BolusSolution
{
    /// <summary>Calcium gluconate 10 %: ≈0.23 mmol Ca/mL.</summary>
    CalciumGluconate10Percent,

    /// <summary>Calcium chloride 10 % (dihydrate): 0.68 mmol Ca/mL.</summary>
    CalciumChloride10Percent,

    /// <summary>Saline 0.9 %.</summary>
    Saline,
}

/// <summary>A bolus given to the patient.</summary>
/// <param name="Solution">What is given.</param>
/// <param name="Volume">How much.</param>
public sealed record GiveAction(BolusSolution Solution, Volume Volume) : EventAction
{
    /// <summary>Elemental calcium per mL of a solution.</summary>
    public static double CalciumMillimolesPerMilliliter(BolusSolution solution) => solution switch
    {
        BolusSolution.CalciumGluconate10Percent => 0.23,
        BolusSolution.CalciumChloride10Percent => 0.68,
        _ => 0,
    };

    /// <summary>Elemental calcium in this bolus.</summary>
    public SubstanceAmount Calcium => SubstanceAmount.FromMillimoles(CalciumMillimolesPerMilliliter(Solution) * Volume.Milliliters);
}

/// <summary>The operator pauses the pumps.</summary>
/// <param name="Reason">Why, in words (may be empty).</param>
public sealed record PauseAction(string Reason) : EventAction;

/// <summary>The operator resumes after a pause or a cleared fault.</summary>
public sealed record ResumeAction : EventAction;

/// <summary>The operator ends the procedure: rinseback returns the set's blood, then it ends.</summary>
public sealed record EndAction : EventAction;

/// <summary>Faults that can be injected.</summary>
public enum FaultKind
{
    /// <summary>The access (draw) line is occluded: inlet flow stops.</summary>
    AccessOccluded,

    /// <summary>The AC line is disconnected: no anticoagulant reaches the blood.</summary>
    AcDisconnected,

    /// <summary>Air detected in the return line.</summary>
    AirInReturn,

    /// <summary>The patient has a vasovagal reaction (a patient event, injected like a fault for training and what-if runs).</summary>
    VasovagalReaction,
}

/// <summary>The operator changes the patient's position.</summary>
/// <param name="HeadDown">Tilted head down (Trendelenburg); false: laid flat.</param>
public sealed record PositionAction(bool HeadDown) : EventAction;

/// <summary>A fault injected into the circuit.</summary>
/// <param name="Fault">Which fault.</param>
/// <param name="Duration">How long it lasts; null until the operator resumes.</param>
public sealed record FaultAction(FaultKind Fault, Duration? Duration) : EventAction;
