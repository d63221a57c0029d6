using System.Text;
using System.Text.Json;
using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Procedure;
using Leuka.Scenarios;

namespace Leuka.Formats;

/// <summary>The JSON of <c>leuka check --json</c>. Field names carry their units; order is fixed.</summary>
public static class CheckJson
{
    public static string Write(ScenarioLoadResult result)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("valid", result.IsValid);
            if (result.Scenario is { } scenario)
            {
                WriteScenario(w, scenario);
            }

            w.WriteStartArray("errors");
            foreach (var error in result.Errors)
            {
                w.WriteStartObject();
                w.WriteString("path", error.Path);
                w.WriteString("message", error.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (var warning in result.Warnings)
            {
                w.WriteStartObject();
                w.WriteString("code", warning.Code);
                w.WriteString("path", warning.Path);
                w.WriteString("message", warning.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteScenario(Utf8JsonWriter w, Scenario scenario)
    {
        var patient = scenario.Patient;
        var labs = patient.Labs;
        var a = PatientAssessment.Of(patient);
        w.WriteString("name", scenario.Name);
        w.WriteNumber("seed", scenario.Seed);
        if (scenario.Course is { } course)
        {
            w.WriteStartObject("course");
            w.WriteNumber("days", course.Days);
            w.WriteNumber("cytoreductionDailyFallPercent", R(course.CytoreductionDailyFall.Percent));
            if (course.Mobilization is { } m)
            {
                // The level each morning's CD34+ count recovers toward, relative to the first day's.
                w.WriteStartArray("cd34LevelByDay");
                for (var day = 1; day <= course.Days; day++)
                {
                    w.WriteNumberValue(R(m.Level(day)));
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteStartObject("patient");
        w.WriteString("sex", ScenarioWords.Of(patient.Sex));
        w.WriteNumber("ageYears", patient.AgeYears);
        w.WriteNumber("heightCm", R(patient.Height.Centimeters));
        w.WriteNumber("weightKg", R(patient.Weight.Kilograms));
        w.WriteNumber("bodyMassIndexKgPerM2", R(a.BodyMassIndex));
        w.WriteString("diagnosis", ScenarioWords.Of(patient.Diagnosis));
        Optional(w, "malignantDoublingTimeDays", patient.MalignantDoublingTime?.Days);
        w.WriteBoolean("liverDisease", patient.LiverDisease);
        w.WriteNumber("priorProcedures", patient.PriorProcedures);
        var vitals = patient.Vitals ?? CirculationParameters.TypicalFor(patient.AgeYears);
        w.WriteStartObject("vitals");
        w.WriteNumber("systolicMmHg", R(vitals.SystolicMmHg));
        w.WriteNumber("diastolicMmHg", R(vitals.DiastolicMmHg));
        w.WriteNumber("heartRatePerMin", R(vitals.HeartRatePerMin));
        w.WriteBoolean("assumed", patient.Vitals is null);
        w.WriteNumber("hypotensionThresholdSystolicMmHg", R(CirculationParameters.ThresholdFor(patient.AgeYears, vitals.SystolicMmHg)));
        w.WriteEndObject();
        w.WriteStartObject("variation");
        for (var i = 0; i < PatientVariation.Priors.Length; i++)
        {
            w.WriteNumber(PatientVariation.Priors[i].Name, R(patient.Varies.Values[i]));
        }

        Optional(w, "citrateTolerance", patient.Varies.CitrateTolerance);
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteString("bloodVolumeMethod", ScenarioWords.Of(a.BloodVolume.Method));
        w.WriteNumber("expansionFactor", a.BloodVolume.ExpansionFactor);
        w.WriteNumber("totalBloodVolumeL", R(a.BloodVolume.Total.Liters));
        w.WriteNumber("bloodVolumeMlPerKg", R(a.BloodVolume.MillilitersPerKilogram));
        w.WriteNumber("plasmaVolumeL", R(a.PlasmaVolume.Liters));
        w.WriteNumber("redCellVolumeL", R(a.RedCellVolume.Liters));
        w.WriteNumber("leukocritPercent", R(a.Leukocrit.Percent));
        w.WriteNumber("plateletcritPercent", R(a.Plateletcrit.Percent));

        w.WriteStartObject("labs");
        w.WriteNumber("wbcE9PerL", R(labs.Wbc.E9PerLiter));
        w.WriteNumber("hematocritPercent", R(labs.Hematocrit.Percent));
        w.WriteNumber("plateletsE9PerL", R(labs.Platelets.E9PerLiter));
        w.WriteBoolean("differentialAssumed", labs.DifferentialAssumed);
        w.WriteStartObject("differentialPercent");
        var d = labs.Differential;
        w.WriteNumber("neutrophils", R(d.Neutrophils.Percent));
        w.WriteNumber("lymphocytes", R(d.Lymphocytes.Percent));
        w.WriteNumber("monocytes", R(d.Monocytes.Percent));
        w.WriteNumber("eosinophils", R(d.Eosinophils.Percent));
        w.WriteNumber("basophils", R(d.Basophils.Percent));
        w.WriteNumber("blasts", R(d.Blasts.Percent));
        w.WriteNumber("immatureGranulocytes", R(d.ImmatureGranulocytes.Percent));
        w.WriteEndObject();
        Optional(w, "cd34PerUL", labs.Cd34?.PerMicroliter);
        Optional(w, "cd3PerUL", labs.Cd3?.PerMicroliter);
        Optional(w, "ionizedCalciumMmolPerL", labs.IonizedCalcium?.MillimolesPerLiter);
        Optional(w, "potassiumMmolPerL", labs.Potassium?.MillimolesPerLiter);
        Optional(w, "hemoglobinGPerDL", labs.Hemoglobin?.GramsPerDeciliter);
        w.WriteEndObject();

        w.WriteStartObject("circulating");
        w.WriteNumber("wbcE9", R(a.CirculatingWbc.E9));
        w.WriteNumber("plateletsE9", R(a.CirculatingPlatelets.E9));
        Optional(w, "cd34E6", a.CirculatingCd34?.E6);
        w.WriteEndObject();

        WriteProcedure(w, scenario.Procedure);

        w.WriteStartArray("events");
        foreach (var e in scenario.Events)
        {
            w.WriteStartObject();
            w.WriteNumber("atMin", R(e.At.Minutes));
            w.WriteString("description", ScenarioWords.Of(e.Action));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteProcedure(Utf8JsonWriter w, ProcedureSettings p)
    {
        w.WriteStartObject("procedure");
        w.WriteString("kind", ScenarioWords.Of(p.Kind));
        w.WriteNumber("inletFlowMlPerMin", R(p.InletFlow.MillilitersPerMinute));
        w.WriteNumber("inletToAcRatio", p.InletToAcRatio);
        w.WriteNumber("acFlowMlPerMin", R(p.AcFlow.MillilitersPerMinute));
        w.WriteNumber("collectFlowMlPerMin", R(p.CollectFlow.MillilitersPerMinute));
        w.WriteString("collectionMode", ScenarioWords.Of(p.CollectionMode));
        w.WriteString("device", p.DeviceUsed.Word);
        if (p.CollectHematocritUsed is { } collectHct)
        {
            w.WriteNumber("collectHematocritPercent", R(collectHct.Percent));
        }
        w.WriteStartObject("stop");
        switch (p.Stop)
        {
            case ProcessedVolumeStop s: w.WriteNumber("processedVolumeL", R(s.Volume.Liters)); break;
            case BloodVolumesStop s: w.WriteNumber("bloodVolumes", s.BloodVolumes); break;
            case DurationStop s: w.WriteNumber("durationMin", R(s.Duration.Minutes)); break;
            case TargetPostWbcStop s: w.WriteNumber("targetPostWbcE9PerL", R(s.Wbc.E9PerLiter)); break;
            case TargetCd34DoseStop s: w.WriteNumber("targetCd34DoseE6PerKg", R(s.Dose.E6PerKilogram)); break;
            case TargetCd3YieldStop s: w.WriteNumber("targetCd3YieldE9", R(s.Cells.E9)); break;
        }

        w.WriteEndObject();
        w.WriteNumber("acInfusionRateLimitMlPerMinPerL", R(p.AcInfusionRateLimit.MillilitersPerMinutePerLiter));
        Optional(w, "centrifugeSpeedRpm", p.CentrifugeSpeed?.RevolutionsPerMinute);
        w.WriteNumber("calciumInfusionMmolPerH", R(p.CalciumProphylaxis.Infusion.MillimolesPerHour));
        w.WriteNumber("magnesiumInfusionMmolPerH", R(p.MagnesiumInfusion?.MillimolesPerHour ?? 0));
        w.WriteNumber("magnesiumPerAcMmolPerL", R(p.MagnesiumPerAc?.MillimolesPerLiter ?? 0));
        w.WriteString("anticoagulant", p.AnticoagulantUsed.Word);
        w.WriteNumber("heparinPerAcIuPerMl", R(p.Heparin?.PerAc.InternationalUnitsPerMilliliter ?? 0));
        Optional(w, "heparinBolusIu", p.Heparin?.Bolus?.InternationalUnits);
        Optional(w, "heparinBolusIuPerKg", p.Heparin?.BolusPerKg?.InternationalUnitsPerKilogram);
        w.WriteString("calciumMonitoring", p.CalciumMonitoringUsed.Word);
        w.WriteNumber("calciumMonitoringEveryMin", R(p.CalciumMonitoringUsed.Interval.Minutes));
        w.WriteString("prime", ScenarioWords.Of(p.Prime));
        w.WriteNumber("setVolumeMl", R(p.SetVolumeUsed.Milliliters));
        Optional(w, "primeHematocritPercent", p.PrimeHematocrit?.Percent);
        w.WriteString("access", ScenarioWords.Of(p.Access));
        w.WriteStartArray("defaulted");
        foreach (var name in p.Defaulted)
        {
            w.WriteStringValue(name);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, R(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    // Six significant decimals are more than any lab reports; rounding keeps the output readable.
    private static double R(double value) => Math.Round(value, 6);
}
