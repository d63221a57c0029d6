using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Leuka.Patients;
using Leuka.Procedure;
using Leuka.Separation;
using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Formats;

/// <summary>
/// Writes a scenario back to the scenario file format (docs/reference/scenario.md §2). The
/// contract's settings are written explicitly; the extensions whose absence means a documented
/// default (device, anticoagulant, calcium monitoring, prime Hct, magnesium infusion, variation)
/// only when the scenario gives them, so the file reloads to the same choices. Quantities are
/// written in their canonical unit with the shortest text that parses back to the same double, so
/// <see cref="ScenarioLoader.Load"/> of the output gives an equal scenario (except
/// <see cref="ProcedureSettings.Defaulted"/>, which then lists only those extensions).
/// </summary>
public static class ScenarioWriter
{
    /// <summary>The scenario as indented JSON with a trailing newline.</summary>
    public static string Write(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteTo(w, scenario);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes the scenario as one JSON object (for embedding, e.g. in plan.json).</summary>
    public static void WriteTo(Utf8JsonWriter w, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(scenario);
        w.WriteStartObject();
        w.WriteString("name", scenario.Name);
        WritePatient(w, scenario.Patient);
        WriteProcedure(w, scenario.Procedure);
        if (scenario.Events.Count > 0)
        {
            w.WriteStartArray("events");
            foreach (var e in scenario.Events)
            {
                WriteEvent(w, e);
            }

            w.WriteEndArray();
        }

        w.WriteNumber("seed", scenario.Seed);
        if (scenario.Course is { } course)
        {
            w.WriteStartObject("course");
            w.WriteNumber("days", course.Days);
            if (course.CytoreductionDailyFall > Fraction.Zero)
            {
                w.WriteStartObject("cytoreduction");
                Q(w, "dailyFall", course.CytoreductionDailyFall);
                w.WriteEndObject();
            }

            if (course.Mobilization is { } m)
            {
                w.WriteStartObject("mobilization");
                if (m.DailyCd34Factor != 1 || m.PlerixaforFromDay < 2)
                {
                    w.WriteNumber("dailyCd34Factor", m.DailyCd34Factor);
                }

                if (m.PlerixaforFromDay >= 2)
                {
                    w.WriteStartObject("plerixafor");
                    w.WriteNumber("fromDay", m.PlerixaforFromDay);
                    w.WriteNumber("cd34Fold", m.PlerixaforCd34Fold);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WritePatient(Utf8JsonWriter w, Patient p)
    {
        w.WriteStartObject("patient");
        w.WriteString("sex", ScenarioWords.Of(p.Sex));
        w.WriteNumber("ageYears", p.AgeYears);
        Q(w, "height", p.Height);
        Q(w, "weight", p.Weight);
        var bv = p.BloodVolume;
        if (bv != BloodVolumeSpec.Default)
        {
            w.WriteStartObject("bloodVolume");
            if (bv.Measured is { } measured)
            {
                w.WriteNumber("liters", measured.Liters);
            }
            else if (bv.Method is { } method)
            {
                w.WriteString("method", ScenarioWords.Of(method));
            }

            w.WriteNumber("expansionFactor", bv.ExpansionFactor);
            w.WriteEndObject();
        }

        WriteLabs(w, p.Labs);
        if (p.Diagnosis != Diagnosis.None)
        {
            w.WriteString("diagnosis", ScenarioWords.Of(p.Diagnosis));
        }

        if (p.MalignantDoublingTime is { } doubling)
        {
            Q(w, "malignantDoublingTime", doubling);
        }

        if (p.LiverDisease)
        {
            w.WriteBoolean("liverDisease", true);
        }

        if (p.Variation is { } variation && variation != PatientVariation.Typical)
        {
            // Written as numbers, so a drawn patient is reproduced exactly by the written file.
            w.WriteStartObject("variation");
            for (var i = 0; i < PatientVariation.Priors.Length; i++)
            {
                w.WriteNumber(PatientVariation.Priors[i].Name, variation.Values[i]);
            }

            if (variation.CitrateTolerance is { } tolerance)
            {
                w.WriteNumber("citrateTolerance", tolerance);
            }

            w.WriteEndObject();
        }

        if (p.Vitals is { } vitals)
        {
            w.WriteStartObject("vitals");
            w.WriteString("bloodPressure", vitals.SystolicMmHg.ToString("R", CultureInfo.InvariantCulture) + "/" + vitals.DiastolicMmHg.ToString("R", CultureInfo.InvariantCulture) + " mmHg");
            w.WriteString("heartRate", vitals.HeartRatePerMin.ToString("R", CultureInfo.InvariantCulture) + " /min");
            w.WriteEndObject();
        }

        if (p.PriorProcedures > 0)
        {
            w.WriteNumber("priorProcedures", p.PriorProcedures);
        }

        w.WriteEndObject();
    }

    private static void WriteLabs(Utf8JsonWriter w, Labs labs)
    {
        w.WriteStartObject("labs");
        Q(w, "wbc", labs.Wbc);
        Q(w, "hematocrit", labs.Hematocrit);
        Q(w, "platelets", labs.Platelets);
        if (!labs.DifferentialAssumed)
        {
            var d = labs.Differential;
            w.WriteStartObject("differential");
            Q(w, "neutrophils", d.Neutrophils);
            Q(w, "lymphocytes", d.Lymphocytes);
            Q(w, "monocytes", d.Monocytes);
            Q(w, "eosinophils", d.Eosinophils);
            Q(w, "basophils", d.Basophils);
            Q(w, "blasts", d.Blasts);
            Q(w, "immatureGranulocytes", d.ImmatureGranulocytes);
            w.WriteEndObject();
        }

        Optional(w, "cd34", labs.Cd34);
        Optional(w, "cd3", labs.Cd3);
        Optional(w, "ionizedCalcium", labs.IonizedCalcium);
        Optional(w, "potassium", labs.Potassium);
        Optional(w, "hemoglobin", labs.Hemoglobin);
        w.WriteEndObject();
    }

    private static void WriteProcedure(Utf8JsonWriter w, ProcedureSettings p)
    {
        w.WriteStartObject("procedure");
        w.WriteString("kind", ScenarioWords.Of(p.Kind));

        // A citrate infusion has no separator: none of its settings are written (they would be refused).
        var separating = p.Kind != ProcedureKind.CitrateInfusion;
        if (separating)
        {
            Q(w, "inletFlow", p.InletFlow);
            w.WriteNumber("inletToAcRatio", p.InletToAcRatio);
            Q(w, "collectFlow", p.CollectFlow);
            w.WriteString("collectionMode", ScenarioWords.Of(p.CollectionMode));
        }

        if (p.Device is { } device && device != SeparatorDevice.Generic)
        {
            w.WriteString("device", device.Word);
        }

        if (p.CollectHematocrit is { } collectHct)
        {
            Q(w, "collectHematocrit", collectHct);
        }

        w.WriteStartObject("stop");
        switch (p.Stop)
        {
            case ProcessedVolumeStop s:
                Q(w, "processedVolume", s.Volume);
                break;
            case BloodVolumesStop s:
                w.WriteNumber("bloodVolumes", s.BloodVolumes);
                break;
            case DurationStop s:
                Q(w, "duration", s.Duration);
                break;
            case TargetPostWbcStop s:
                Q(w, "targetPostWbc", s.Wbc);
                break;
            case TargetCd34DoseStop s:
                Q(w, "targetCd34Dose", s.Dose);
                break;
            case TargetCd3YieldStop s:
                Q(w, "targetCd3Yield", s.Cells);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(p), p.Stop, "unknown stop condition");
        }

        w.WriteEndObject();
        if (separating)
        {
            Q(w, "acInfusionRateLimit", p.AcInfusionRateLimit);
        }

        if (p.CentrifugeSpeed is { } speed)
        {
            w.WriteStartObject("centrifuge");
            Q(w, "speed", speed);
            w.WriteEndObject();
        }

        if (p.CalciumProphylaxis.Infusion > SubstanceRate.Zero)
        {
            w.WriteStartObject("calciumProphylaxis");
            Q(w, "infusion", p.CalciumProphylaxis.Infusion);
            w.WriteEndObject();
        }

        if (p.MagnesiumInfusion is { } magnesium)
        {
            w.WriteStartObject("magnesiumProphylaxis");
            Q(w, "infusion", magnesium);
            w.WriteEndObject();
        }
        else if (p.MagnesiumPerAc is { } perAc)
        {
            w.WriteStartObject("magnesiumProphylaxis");
            Q(w, "perAc", perAc);
            w.WriteEndObject();
        }

        if (p.Heparin is { } heparin)
        {
            w.WriteStartObject("heparin");
            Q(w, "perAc", heparin.PerAc);
            if (heparin.Bolus is { } bolus)
            {
                Q(w, "bolus", bolus);
            }
            else if (heparin.BolusPerKg is { } perKg)
            {
                Q(w, "bolus", perKg);
            }

            w.WriteEndObject();
        }

        if (p.SampleVolume is { } sample)
        {
            Q(w, "sampleVolume", sample);
        }

        if (p.SetVolume is { } set)
        {
            Q(w, "setVolume", set);
        }

        if (p.CitrateInfusion is { } infusion)
        {
            w.WriteStartObject("citrateInfusion");
            w.WriteString("rate", infusion.MillimolesPerKgPerHour.ToString("R", CultureInfo.InvariantCulture) + " mmol/kg/h");
            Q(w, "for", infusion.For);
            w.WriteEndObject();
        }

        if (p.Anticoagulant is { } anticoagulant)
        {
            w.WriteString("anticoagulant", anticoagulant.Word);
        }

        if (p.CalciumMonitoring is { } monitoring)
        {
            if (monitoring.Mode == CalciumMonitoringMode.Intermittent && monitoring.Interval != CalciumMonitoring.DefaultInterval)
            {
                w.WriteStartObject("calciumMonitoring");
                Q(w, "every", monitoring.Interval);
                w.WriteEndObject();
            }
            else
            {
                w.WriteString("calciumMonitoring", monitoring.Word);
            }
        }

        if (separating)
        {
            w.WriteString("prime", ScenarioWords.Of(p.Prime));
            if (p.PrimeHematocrit is { } primeHct)
            {
                Q(w, "primeHematocrit", primeHct);
            }

            w.WriteString("access", ScenarioWords.Of(p.Access));
        }

        w.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter w, ScenarioEvent e)
    {
        w.WriteStartObject();
        Q(w, "at", e.At);
        switch (e.Action)
        {
            case SetAction set:
                w.WriteStartObject("set");
                Optional(w, "inletFlow", set.InletFlow);
                if (set.InletToAcRatio is { } ratio)
                {
                    w.WriteNumber("inletToAcRatio", ratio);
                }

                Optional(w, "collectFlow", set.CollectFlow);
                Optional(w, "centrifugeSpeed", set.CentrifugeSpeed);
                Optional(w, "collectHematocrit", set.CollectHematocrit);
                w.WriteEndObject();
                break;
            case GiveAction give:
                w.WriteStartObject("give");
                Q(w, ScenarioWords.Of(give.Solution), give.Volume);
                w.WriteEndObject();
                break;
            case PauseAction pause:
                w.WriteStartObject("pause");
                if (pause.Reason.Length > 0)
                {
                    w.WriteString("reason", pause.Reason);
                }

                w.WriteEndObject();
                break;
            case ResumeAction:
                w.WriteStartObject("resume");
                w.WriteEndObject();
                break;
            case PositionAction position:
                w.WriteString("position", position.HeadDown ? "trendelenburg" : "flat");
                break;
            case FaultAction fault:
                w.WriteStartObject("fault");
                w.WriteString("type", ScenarioWords.Of(fault.Fault));
                Optional(w, "duration", fault.Duration);
                w.WriteEndObject();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.Action, "unknown event action");
        }

        w.WriteEndObject();
    }

    private static void Optional<T>(Utf8JsonWriter w, string name, T? value)
        where T : struct, IQuantity<T>
    {
        if (value is { } v)
        {
            Q(w, name, v);
        }
    }

    // "R" gives the shortest text that parses back to the same double: a written scenario reloads exactly.
    private static void Q<T>(Utf8JsonWriter w, string name, T value)
        where T : struct, IQuantity<T>
        => w.WriteString(name, value.CanonicalValue.ToString("R", CultureInfo.InvariantCulture) + " " + T.CanonicalUnit);
}
