using System.Globalization;
using Leuka.Patients;
using Leuka.Procedure;

namespace Leuka.Scenarios;

/// <summary>
/// Accepted-but-unusual inputs a clinician should see before starting. Thresholds and sources:
/// docs/model/scenario-inputs.md.
/// </summary>
public static class ScenarioWarnings
{
    /// <summary>The warnings for a valid scenario, in the order a reader meets the fields.</summary>
    public static IReadOnlyList<ScenarioWarning> For(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var d = new WarningList();
        var patient = scenario.Patient;
        var labs = patient.Labs;
        var assessment = PatientAssessment.Of(patient);

        if (labs.Wbc.E9PerLiter > ClinicalThresholds.HyperleukocytosisWbc)
        {
            d.Warn(Codes.Hyperleukocytosis, "patient.labs.wbc", F($"WBC {labs.Wbc.E9PerLiter:0.#} ×10^9/L is above 100 ×10^9/L (hyperleukocytosis): risk of leukostasis; white cells form a sedimenting layer of their own in the separator"));
        }
        else if (labs.Wbc.E9PerLiter < 1)
        {
            d.Warn(Codes.Leukopenia, "patient.labs.wbc", F($"WBC {labs.Wbc.E9PerLiter:0.##} ×10^9/L is below 1 ×10^9/L: very few cells to collect"));
        }

        if (labs.Wbc.E9PerLiter > ClinicalThresholds.HyperleukocytosisWbc && patient.Diagnosis == Diagnosis.None)
        {
            d.Warn(Codes.DiagnosisMissing, "patient.diagnosis", "hyperleukocytosis without a diagnosis: no malignant regrowth will be predicted after the procedure; give patient.diagnosis (aml, all, cml or cll)");
        }

        if (assessment.Leukocrit > PatientAssessment.HighLeukocrit)
        {
            d.Warn(Codes.LeukocritHigh, "patient.labs.wbc", F($"leukocrit {assessment.Leukocrit.Percent:0.#} % is above 10 %: blood viscosity is raised and removal is limited by what the collect flow can carry"));
        }

        var cellFraction = labs.Hematocrit.Ratio + assessment.Leukocrit.Ratio;
        if (cellFraction > AccessModel.MaxCellFraction)
        {
            d.Warn(Codes.ViscosityOutOfRange, "patient.labs", F($"haematocrit {labs.Hematocrit.Percent:0.#} % plus leukocrit {assessment.Leukocrit.Percent:0.#} % is {100 * cellFraction:0} %, beyond the {100 * AccessModel.MaxCellFraction:0} % where the blood-viscosity model stops: viscosity is taken at {100 * AccessModel.MaxCellFraction:0} % and the access limits are uncertain; expect a run that cannot progress"));
        }

        if (labs.Platelets.E9PerLiter < ClinicalThresholds.PlateletFloor)
        {
            d.Warn(Codes.PlateletsLow, "patient.labs.platelets", F($"platelets {labs.Platelets.E9PerLiter:0.#} ×10^9/L are below 20 ×10^9/L: high bleeding risk, and the procedure removes more; consider a platelet transfusion"));
        }
        else if (labs.Platelets.E9PerLiter > 1000)
        {
            d.Warn(Codes.PlateletsHigh, "patient.labs.platelets", F($"platelets {labs.Platelets.E9PerLiter:0} ×10^9/L are above 1000 ×10^9/L: check the count"));
        }

        if (labs.Hematocrit.Percent < 20)
        {
            d.Warn(Codes.HematocritLow, "patient.labs.hematocrit", F($"haematocrit {labs.Hematocrit.Percent:0.#} % is below 20 %: the interface forms slowly and a saline prime dilutes further; consider a red-cell prime"));
        }
        else if (labs.Hematocrit.Percent > 55)
        {
            d.Warn(Codes.HematocritHigh, "patient.labs.hematocrit", F($"haematocrit {labs.Hematocrit.Percent:0.#} % is above 55 %: check the value"));
        }

        if (labs.Hemoglobin is { } hb && hb.GramsPerDeciliter > ClinicalThresholds.HemoglobinInHyperleukocytosis && labs.Wbc.E9PerLiter > ClinicalThresholds.HyperleukocytosisWbc)
        {
            d.Warn(Codes.HemoglobinHighInHyperleukocytosis, "patient.labs.hemoglobin", F($"haemoglobin {hb.GramsPerDeciliter:0.#} g/dL with hyperleukocytosis: blood viscosity is high; do not transfuse red cells before the white count falls"));
        }

        if (labs.IonizedCalcium is { } ica)
        {
            if (ica.MillimolesPerLiter < 1.10)
            {
                d.Warn(Codes.IonizedCalciumLow, "patient.labs.ionizedCalcium", F($"ionized calcium {ica.MillimolesPerLiter:0.00} mmol/L is already low before citrate: consider calcium prophylaxis"));
            }
            else if (ica.MillimolesPerLiter > 1.40)
            {
                d.Warn(Codes.IonizedCalciumHigh, "patient.labs.ionizedCalcium", F($"ionized calcium {ica.MillimolesPerLiter:0.00} mmol/L is above the normal 1.18–1.38 mmol/L: check the value"));
            }
        }
        else
        {
            d.Warn(Codes.IonizedCalciumAssumed, "patient.labs", "no ionized calcium given: a normal 1.20 mmol/L will be assumed");
        }

        if (labs.DifferentialAssumed)
        {
            var a = labs.Differential;
            var what = patient.Diagnosis == Diagnosis.None ? "a normal one is assumed" : $"a typical {ScenarioWords.Of(patient.Diagnosis).ToUpperInvariant()} composition is assumed";
            d.Warn(Codes.DifferentialAssumed, "patient.labs", F($"no differential given: {what} (blasts {a.Blasts.Percent:0} %, neutrophils {a.Neutrophils.Percent:0} %, immature granulocytes {a.ImmatureGranulocytes.Percent:0} %, lymphocytes {a.Lymphocytes.Percent:0} %, monocytes {a.Monocytes.Percent:0} %, eosinophils {a.Eosinophils.Percent:0} %, basophils {a.Basophils.Percent:0} %); enter the measured differential: the prediction depends on it"));
        }

        var method = assessment.BloodVolume.Method;
        if (patient.BodyMassIndex >= 35 && method == BloodVolumeMethod.Nadler)
        {
            d.Warn(Codes.ObesityNadler, "patient.bloodVolume", F($"BMI {patient.BodyMassIndex:0.#} kg/m²: Nadler overestimates blood volume in obesity; consider \"method\": \"lemmens\""));
        }

        if (patient.IsChild && method == BloodVolumeMethod.Nadler)
        {
            d.Warn(Codes.ChildNadler, "patient.bloodVolume", "Nadler's formula was derived in adults and overestimates in prepubertal boys; consider \"weight-based\"");
        }

        var mlPerKg = assessment.BloodVolume.MillilitersPerKilogram;
        if (mlPerKg < 50 || mlPerKg > 110)
        {
            d.Warn(Codes.BloodVolumeUnusual, "patient.bloodVolume", F($"the blood volume is {mlPerKg:0} mL/kg, outside the usual 50–110 mL/kg: check the method or the measured value"));
        }

        if (patient.BloodVolume.ExpansionFactor > 1.5)
        {
            d.Warn(Codes.ExpansionLarge, "patient.bloodVolume.expansionFactor", F($"expansion factor {patient.BloodVolume.ExpansionFactor:0.##} is above the ≈1.4 reported in hyperleukocytosis"));
        }

        if (patient.Weight.Kilograms < ClinicalThresholds.SmallPatientKg)
        {
            d.Warn(Codes.SmallPatient, "patient.weight", F($"weight {patient.Weight.Kilograms:0.#} kg: the extracorporeal volume is a large share of the blood volume; consider a red-cell prime and watch calcium closely"));
        }

        AddProcedureWarnings(scenario, assessment, d);
        return d.Items;
    }

    private static void AddProcedureWarnings(Scenario scenario, PatientAssessment assessment, WarningList d)
    {
        var procedure = scenario.Procedure;
        var labs = scenario.Patient.Labs;
        if (procedure.Kind == ProcedureKind.CitrateInfusion)
        {
            // No separator, no access flows, no product: nothing here applies.
            return;
        }

        if (procedure.Kind == ProcedureKind.Cd34Collection)
        {
            if (labs.Cd34 is null)
            {
                d.Warn(Codes.Cd34Missing, "patient.labs", "a CD34+ collection without a blood CD34+ count: the yield cannot be predicted well; add patient.labs.cd34");
            }
            else if (labs.Cd34.Value.PerMicroliter < ClinicalThresholds.PoorMobilisationCd34)
            {
                d.Warn(Codes.Cd34Low, "patient.labs.cd34", F($"blood CD34+ {labs.Cd34.Value.PerMicroliter:0.#} /µL is below 10 /µL: poor mobilisation; 12 /µL is needed for ≈1 ×10^6/kg in one collection"));
            }
        }

        // The access limit as the engine applies it: the access's capacity at this blood's viscosity.
        var accessLimit = InletLimits.Access(procedure.Access, InletLimits.Viscosity(scenario.Patient), procedure.InletToAcRatio);
        if (procedure.InletFlow.MillilitersPerMinute > accessLimit)
        {
            d.Warn(Codes.InletFlowAboveAccess, "procedure.inletFlow", F($"inlet flow {procedure.InletFlow.MillilitersPerMinute:0.#} mL/min is more than the access gives at this blood's viscosity ({ScenarioWords.Of(procedure.Access)}: about {accessLimit:0} mL/min): the engine will lower it"));
        }

        // Heparin added to the AC is what lets units run ratios up to 24–30:1.
        if (procedure.InletToAcRatio < 6 || (procedure.InletToAcRatio > 15 && procedure.Heparin is null))
        {
            d.Warn(Codes.AcRatioUnusual, "procedure.inletToAcRatio", F($"inlet:AC ratio {procedure.InletToAcRatio:0.#} is outside the usual 6–15 (more citrate below, clotting risk above without heparin)"));
        }

        var tbv = assessment.BloodVolume.Total;
        var acLimited = InletLimits.AcLimited(procedure.AcInfusionRateLimit, tbv, procedure.InletToAcRatio);
        if (procedure.InletFlow.MillilitersPerMinute > acLimited)
        {
            d.Warn(Codes.AcRateLimit, "procedure.inletFlow", F($"AC would run at {procedure.AcFlow.MillilitersPerMinute:0.##} mL/min, above the limit of {acLimited / procedure.InletToAcRatio:0.##} mL/min ({procedure.AcInfusionRateLimit.MillilitersPerMinutePerLiter:0.##} mL/min/L × {tbv.Liters:0.##} L TBV): the engine will lower the inlet flow to {acLimited:0.#} mL/min"));
        }

        switch (procedure.Stop)
        {
            case BloodVolumesStop { BloodVolumes: > 3 } s:
                d.Warn(Codes.LargeVolume, "procedure.stop.bloodVolumes", F($"{s.BloodVolumes:0.#} blood volumes is a large-volume procedure: more citrate and platelet loss"));
                break;
            case DurationStop s when s.Duration.Minutes > 300:
                d.Warn(Codes.LongProcedure, "procedure.stop.duration", F($"{s.Duration.Minutes:0} min is longer than the usual 5 h maximum"));
                break;
            case TargetPostWbcStop when procedure.Kind != ProcedureKind.LeukocyteDepletion:
                d.Warn(Codes.TargetKindMismatch, "procedure.stop", "a post-procedure WBC target is unusual for a collection procedure");
                break;
        }

        // Events after the expected end are not applied; the end of a volume stop is estimated at
        // the achievable flow (generously: +10 % and 10 min for priming).
        var wholeBlood = InletLimits.Achievable(scenario.Patient, procedure) * Quantities.InletRatio.WholeBloodShare(procedure.InletToAcRatio);
        double? end = procedure.Stop switch
        {
            DurationStop t => t.Duration.Minutes,
            ProcessedVolumeStop v when wholeBlood > 0 => (1.1 * v.Volume.Milliliters / wholeBlood) + 10,
            BloodVolumesStop b when wholeBlood > 0 => (1.1 * b.BloodVolumes * tbv.Milliliters / wholeBlood) + 10,
            _ => null,
        };
        var late = end is { } e ? scenario.Events.Where(x => x.At.Minutes > e).ToList() : [];
        if (late.Count > 0)
        {
            d.Warn(Codes.EventsAfterStop, "events", F($"{late.Count} event(s) from {late[0].At.Minutes:0.#} min are timed after the procedure is expected to end (about {end:0} min, {ScenarioWords.Of(procedure.Stop)}): they will not be applied"));
        }

        if (scenario.CourseRepeatsTarget())
        {
            d.Warn(Codes.CourseForPlan, "course", $"the stop ({ScenarioWords.Of(procedure.Stop)}) is a target over the whole course: 'leuka plan' plans up to {scenario.Days} days toward it, with the course's drug and mobilisation between them; 'leuka simulate' refuses this file (it would aim at the whole target every day)");
        }

        if (procedure.Defaulted.Contains("stop"))
        {
            d.Warn(Codes.StopDefaulted, "procedure.stop", $"no stop condition given: the {ScenarioWords.Of(procedure.Kind)} default applies ({ScenarioWords.Of(procedure.Stop)})");
        }
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class WarningList
    {
        public List<ScenarioWarning> Items { get; } = [];

        public void Warn(Code code, string path, string message) => Items.Add(new ScenarioWarning(code.Name, path, message));
    }
}

/// <summary>What a scenario's course means for the commands that run it.</summary>
public static class ScenarioCourses
{
    /// <summary>
    /// Whether the course would repeat a target over the whole course each day (a CD34+ dose or a
    /// CD3+ yield): <c>leuka plan</c>'s question, not a stop to repeat. A white-count target is each day's own stop.
    /// </summary>
    public static bool CourseRepeatsTarget(this Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Days > 1 && scenario.Procedure.Stop is TargetCd34DoseStop or TargetCd3YieldStop;
    }
}
