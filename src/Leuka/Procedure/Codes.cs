using System.Collections.Immutable;

namespace Leuka.Procedure;

/// <summary>Where a code is used.</summary>
public enum CodeKind
{
    /// <summary>An alarm the machine raises during the run (summary.json <c>alarms[]</c>).</summary>
    Alarm,

    /// <summary>A warning about the run or its result (summary.json <c>warnings[]</c>).</summary>
    RunWarning,

    /// <summary>A warning about the scenario's inputs (<c>leuka check</c>, carried into the summary).</summary>
    InputWarning,

    /// <summary>A safety finding of the planner (<c>leuka plan</c>, plan.json <c>findings[]</c>).</summary>
    Finding,
}

/// <summary>A stable machine-readable code: its name, where it is used, the tiers an alarm is raised at, and what it means.</summary>
/// <param name="Name">The code as written in outputs, e.g. <c>ac-rate-limit</c>.</param>
/// <param name="Kinds">Where it is used (an input warning and an alarm may share a code when they mean the same thing).</param>
/// <param name="Tiers">The tiers an alarm with this code is raised at (empty for warnings).</param>
/// <param name="Meaning">What it means, in one sentence.</param>
public sealed record Code(string Name, ImmutableArray<CodeKind> Kinds, ImmutableArray<AlarmSeverity> Tiers, string Meaning)
{
    /// <summary>The name.</summary>
    public override string ToString() => Name;
}

/// <summary>
/// Every alarm and warning code: one code, one meaning. The engine, the scenario warnings and the
/// report use these entries, never a bare string; docs/model/procedure.md lists them.
/// </summary>
public static class Codes
{
    private static readonly List<Code> Registry = [];

    // Alarms.

    /// <summary>The AC infusion rate would pass its limit: the inlet is lowered.</summary>
    public static Code AcRateLimit { get; } = Add("ac-rate-limit", [CodeKind.Alarm, CodeKind.InputWarning], [AlarmSeverity.Safety], "the AC infusion rate to the patient would pass its limit per litre of blood volume; the inlet flow is lowered to keep it there");

    /// <summary>The access cannot give the inlet flow.</summary>
    public static Code AccessPressureLow { get; } = Add("access-pressure-low", [CodeKind.Alarm], [AlarmSeverity.Warning, AlarmSeverity.Safety], "the access (draw) pressure is near or would pass its limit at this inlet flow and blood viscosity; at the safety tier the inlet is lowered");

    /// <summary>The return line's pressure is high.</summary>
    public static Code ReturnPressureHigh { get; } = Add("return-pressure-high", [CodeKind.Alarm], [AlarmSeverity.Warning, AlarmSeverity.Safety], "the return pressure is near or would pass its limit; at the safety tier the inlet is lowered");

    /// <summary>The interface sensor lost the interface.</summary>
    public static Code InterfaceLost { get; } = Add("interface-lost", [CodeKind.Alarm], [AlarmSeverity.Warning], "the interface sensor cannot see the interface; the plasma pump runs open loop from the entered Hct and is trimmed by hand");

    /// <summary>Ionized calcium is low.</summary>
    public static Code IonizedCalciumLow { get; } = Add("ionized-calcium-low", [CodeKind.Alarm, CodeKind.InputWarning], [AlarmSeverity.Warning, AlarmSeverity.Safety, AlarmSeverity.Absolute], "ionized calcium is low: below the warning level watch for symptoms, below the safety level the inlet slows, below the absolute level the pumps pause and calcium is given");

    /// <summary>Citrate symptoms: likely now (warning), or the patient has them (safety: the inlet slows).</summary>
    public static Code CitrateSymptoms { get; } = Add("citrate-symptoms", [CodeKind.Alarm], [AlarmSeverity.Warning, AlarmSeverity.Safety], "citrate symptoms: at the warning level they are now likely for patients like this one; at the safety level this patient has them, the inlet slows for the rest of the run and ionized calcium is measured");

    /// <summary>The access line is occluded.</summary>
    public static Code AccessOccluded { get; } = Add("access-occluded", [CodeKind.Alarm], [AlarmSeverity.Absolute], "the access line is occluded: no inlet flow; the pumps stop until the line is cleared");

    /// <summary>Air in the return line.</summary>
    public static Code AirInReturn { get; } = Add("air-in-return", [CodeKind.Alarm], [AlarmSeverity.Absolute], "air was detected in the return line: all pumps stop and the return is clamped");

    /// <summary>The AC line is disconnected.</summary>
    public static Code AcDisconnected { get; } = Add("ac-disconnected", [CodeKind.Alarm], [AlarmSeverity.Absolute], "no anticoagulant reaches the blood: the procedure stops and the set is discarded, not returned");

    /// <summary>The patient's haematocrit reached the absolute limit.</summary>
    public static Code HematocritLimit { get; } = Add("hematocrit-limit", [CodeKind.Alarm, CodeKind.Finding], [AlarmSeverity.Absolute], "the patient's haematocrit reached the absolute limit (60 %, or 1 point above a start already beyond it): the run stops and the set is returned");

    /// <summary>The patient's net fluid loss reached the absolute limit.</summary>
    public static Code FluidLossLimit { get; } = Add("fluid-loss-limit", [CodeKind.Alarm, CodeKind.Finding], [AlarmSeverity.Absolute], "the volume the patient has lost for good (the product, net of what was given) reached the absolute limit: the run stops and the set is returned");

    /// <summary>Much of the blood volume is outside the body.</summary>
    public static Code HypotensionRisk { get; } = Add("hypotension-risk", [CodeKind.Alarm], [AlarmSeverity.Warning], "a large share of the blood volume is outside the body or lost: watch blood pressure");

    /// <summary>The measured blood pressure is below the patient's hypotension threshold.</summary>
    public static Code Hypotension { get; } = Add("hypotension", [CodeKind.Alarm, CodeKind.Finding], [AlarmSeverity.Safety], "the measured systolic pressure is below the patient's threshold (90 mmHg adults, 70 + 2 × age children, or two thirds of the patient's own): pumps stopped, head down, saline bolus, measured every 5 min; resumes slower when it recovers");

    // Warnings about the run.

    /// <summary>CD3+ share assumed.</summary>
    public static Code Cd3Assumed { get; } = Add("cd3-assumed", [CodeKind.RunWarning], [], "no blood CD3+ count was entered: CD3+ cells are taken as a typical share of the lymphocytes");

    /// <summary>The pumps stayed stopped too long.</summary>
    public static Code PauseTimeout { get; } = Add("pause-timeout", [CodeKind.RunWarning], [], "the pumps were stopped longer than the pause limit without a resume: the procedure was ended");

    /// <summary>The run-time limit ended the run.</summary>
    public static Code RunTimeLimit { get; } = Add("run-time-limit", [CodeKind.RunWarning], [], "the run reached the run-time limit before its stop condition");

    /// <summary>The set was discarded, not rinsed back.</summary>
    public static Code SetDiscarded { get; } = Add("set-discarded", [CodeKind.RunWarning], [], "the set's blood was discarded instead of returned (it may have clotted)");

    /// <summary>A target was not reached in time.</summary>
    public static Code TargetNotReached { get; } = Add("target-not-reached", [CodeKind.RunWarning], [], "the stop target was not reached within the time limit for targets");

    /// <summary>No CD34+ count was entered.</summary>
    public static Code Cd34NotMeasured { get; } = Add("cd34-not-measured", [CodeKind.RunWarning], [], "no blood CD34+ count was entered: CD34+ efficiency reports 0 and the product's CD34+ is not predicted");

    /// <summary>Nothing was processed.</summary>
    public static Code NothingProcessed { get; } = Add("nothing-processed", [CodeKind.RunWarning], [], "no blood was processed: efficiencies report 0");

    /// <summary>Events after the end.</summary>
    public static Code EventsNotApplied { get; } = Add("events-not-applied", [CodeKind.RunWarning], [], "events were timed after the procedure ended and were not applied");

    /// <summary>The run could not progress.</summary>
    public static Code RunStalled { get; } = Add("run-stalled", [CodeKind.RunWarning], [], "the run could not progress (the limits held the inlet below its minimum for 30 min, or blood prime formed no interface in 60 min) and was ended");

    /// <summary>The patient gained or lost much fluid.</summary>
    public static Code FluidBalanceLarge { get; } = Add("fluid-balance-large", [CodeKind.RunWarning], [], "the net fluid the patient received or lost is more than 15 % of the blood volume: check volume status");

    /// <summary>Plasma potassium fell below 3.0 mmol/L.</summary>
    public static Code PotassiumLow { get; } = Add("potassium-low", [CodeKind.RunWarning, CodeKind.Finding], [], "plasma potassium fell below 3.0 mmol/L (citrate's base load moves it into cells): measure it after the procedure and replace");

    /// <summary>Plasma heparin rose above the therapeutic anti-Xa range.</summary>
    public static Code HeparinHigh { get; } = Add("heparin-high", [CodeKind.RunWarning, CodeKind.Finding], [], "plasma heparin (anti-Xa) rose above the therapeutic 0.7 IU/mL: a bleeding risk at the access and after the catheter is removed; check aPTT or anti-Xa and lower the heparin per mL of AC");

    /// <summary>Ionized magnesium fell below the healthy range.</summary>
    public static Code MagnesiumLow { get; } = Add("magnesium-low", [CodeKind.RunWarning, CodeKind.Finding], [], "ionized magnesium fell below the healthy range (0.44 mmol/L): citrate binds it as it binds calcium; it adds to low calcium's symptoms and recovers within hours");

    /// <summary>Platelets are low after the procedure.</summary>
    public static Code PlateletsLowAfter { get; } = Add("platelets-low-after", [CodeKind.RunWarning], [], "platelets after the procedure are below 50 ×10^9/L: check bleeding risk before another procedure");

    // Warnings about the inputs.

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code Hyperleukocytosis { get; } = Input("hyperleukocytosis", "WBC above 100 ×10^9/L: risk of leukostasis; white cells form a layer of their own in the separator");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code Leukopenia { get; } = Input("leukopenia", "WBC below 1 ×10^9/L: very few cells to collect");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code DiagnosisMissing { get; } = Input("diagnosis-missing", "hyperleukocytosis without a diagnosis: no malignant regrowth is predicted");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code LeukocritHigh { get; } = Input("leukocrit-high", "leukocrit above 10 %: viscosity is raised and removal is limited by what the collect flow can carry");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code PlateletsLow { get; } = Input("platelets-low", "platelets below 20 ×10^9/L before the procedure: high bleeding risk");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code PlateletsHigh { get; } = Input("platelets-high", "platelets above 1,000 ×10^9/L: thrombocytosis");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code HematocritLow { get; } = Input("hematocrit-low", "haematocrit below the usual range: a thin red layer; consider a red-cell prime");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code HematocritHigh { get; } = Input("hematocrit-high", "haematocrit above the usual range");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code HemoglobinHighInHyperleukocytosis { get; } = Input("hemoglobin-high-in-hyperleukocytosis", "haemoglobin above 10 g/dL with hyperleukocytosis: viscosity; do not transfuse before the count falls");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code DifferentialAssumed { get; } = Input("differential-assumed", "no differential was entered: a normal one is assumed");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code IonizedCalciumAssumed { get; } = Input("ionized-calcium-assumed", "no ionized calcium was entered: a normal baseline is assumed");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code IonizedCalciumHigh { get; } = Input("ionized-calcium-high", "baseline ionized calcium above the normal range");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code BloodVolumeUnusual { get; } = Input("blood-volume-unusual", "the blood volume per kg is outside the usual range");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code ChildNadler { get; } = Input("child-nadler", "Nadler's adult formula was asked for a child");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code ObesityNadler { get; } = Input("obesity-nadler", "Nadler's formula overestimates the blood volume in obesity");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code ExpansionLarge { get; } = Input("expansion-large", "a blood-volume expansion factor above the ≈1.4 reported in hyperleukocytosis");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code SmallPatient { get; } = Input("small-patient", "below 20 kg: the extracorporeal volume is a large share of the blood volume");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code Cd34Missing { get; } = Input("cd34-missing", "a CD34+ collection without a blood CD34+ count");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code Cd34Low { get; } = Input("cd34-low", "blood CD34+ below 10 /µL: poor mobilisation");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code InletFlowAboveAccess { get; } = Input("inlet-flow-above-access", "the inlet flow asked is more than the access gives at this blood viscosity: the engine will lower it");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code AcRatioUnusual { get; } = Input("ac-ratio-unusual", "an inlet:AC ratio outside the usual 6–15");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code LargeVolume { get; } = Input("large-volume", "more than 3 blood volumes: a large-volume procedure");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code LongProcedure { get; } = Input("long-procedure", "a duration longer than the usual 5 h");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code TargetKindMismatch { get; } = Input("target-kind-mismatch", "a post-procedure WBC target for a collection procedure");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code ViscosityOutOfRange { get; } = Input("viscosity-out-of-range", "haematocrit plus leukocrit beyond 85 %, where the blood-viscosity model stops: viscosity is taken at 85 % and the access limits are uncertain");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code EventsAfterStop { get; } = Input("events-after-stop", "events timed after the procedure is expected to end will not be applied");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code StopDefaulted { get; } = Input("stop-defaulted", "no stop condition was given: the procedure kind's default applies");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code CourseForPlan { get; } = Input("course-for-plan", "the course's stop is a CD34+ dose or CD3+ yield over the whole course: leuka plan plans the days toward it; leuka simulate refuses the file");

    // Planner findings.

    /// <summary>A high chance of a vasovagal reaction.</summary>
    public static Code VasovagalRisk { get; } = Add("vasovagal-risk", [CodeKind.Finding], [], "the chance of a vasovagal reaction is high (first procedure, small blood volume, young, female): prepare for it");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code ShortLastDay { get; } = Add("short-last-day", [CodeKind.Finding], [], "a short last day: lengthening the day before may avoid a procedure");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code AccessCatheter { get; } = Add("access-catheter", [CodeKind.Finding], [], "a peripheral vein cannot give the inlet flow asked: an apheresis catheter, or a longer run");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code ProcedureLimit { get; } = Add("procedure-limit", [CodeKind.Finding], [], "the stop asks for more than one procedure may process: planned at the limit");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code CalciumProphylaxis { get; } = Add("calcium-prophylaxis", [CodeKind.Finding], [], "the ionized calcium would fall below the floor: continuous calcium at the dose that prevents it");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code CalciumNadir { get; } = Add("calcium-nadir", [CodeKind.Finding], [], "even the highest calcium dose does not keep the ionized calcium above the floor");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code EcvHigh { get; } = Add("ecv-high", [CodeKind.Finding, CodeKind.RunWarning], [], "the set holds more than 15 % of the blood volume with a saline prime: consider a red-cell prime");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code PlateletsFloor { get; } = Add("platelets-floor", [CodeKind.Finding], [], "platelets would fall below the floor (20, or 50 with bleeding risk): the plan is not safe");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code HyperviscosityTransfusion { get; } = Add("hyperviscosity-transfusion", [CodeKind.Finding], [], "hyperleukocytosis with Hb above 10 g/dL: no red-cell transfusion before the count falls");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code LowWeight { get; } = Add("low-weight", [CodeKind.Finding], [], "a patient under 20 kg: close watch of volume, hypotension, citrate and temperature");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code Lever { get; } = Add("lever", [CodeKind.Finding], [], "the plan moves a lever the scenario left open (collect flow, AC limit) because the model gives a better result with it");

    /// <summary>See <see cref="Code.Meaning"/>.</summary>
    public static Code CitrateRate { get; } = Add("citrate-rate", [CodeKind.Finding, CodeKind.RunWarning], [], "citrate reaches the patient above the 1.9 mg/kg/min ceiling");

    /// <summary>Every code, in the order above.</summary>
    public static IReadOnlyList<Code> All => Registry;

    private static Code Input(string name, string meaning) => Add(name, [CodeKind.InputWarning], [], meaning);

    private static Code Add(string name, ImmutableArray<CodeKind> kinds, ImmutableArray<AlarmSeverity> tiers, string meaning)
    {
        if (Registry.Any(c => c.Name == name))
        {
            throw new InvalidOperationException($"code {name} is registered twice");
        }

        var code = new Code(name, kinds, tiers, meaning);
        Registry.Add(code);
        return code;
    }
}
