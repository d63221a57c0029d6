using System.Text.Json.Nodes;
using Leuka.Physiology;

namespace Leuka.Tests.Procedure;

public sealed class CalciumCareTests
{
    // A heavy citrate load: a 55-kg woman at 90 mL/min, AC 1:10, for 3 h.
    private static string Heavy(string monitoring, string variation = "") => ProcedureEngineTests.Json(
        kg: 55, inlet: 90, ratio: 10, stop: """{ "duration": "180 min" }""",
        extraProcedure: monitoring.Length == 0 ? "" : $", \"calciumMonitoring\": {monitoring}")
        .Replace("\"weight\": \"55 kg\",", $"\"weight\": \"55 kg\",{variation}", StringComparison.Ordinal);

    private static ProcedureResult Run(string json) => new ProcedureEngine(ProcedureEngineTests.Load(json), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();

    [Fact]
    public void The_orders_act_on_measured_calcium_so_the_nadir_goes_deeper_than_a_perfect_sensor_lets_it()
    {
        var sensed = Run(Heavy("\"continuous\""));
        var measured = Run(Heavy(""));
        Assert.True(measured.IonizedCalcium.NadirMmolPerL < sensed.IonizedCalcium.NadirMmolPerL, $"{measured.IonizedCalcium.NadirMmolPerL} vs {sensed.IonizedCalcium.NadirMmolPerL}");
        Assert.Contains(measured.Events, e => e.What.StartsWith("ionized calcium measured: ", StringComparison.Ordinal));
        Assert.DoesNotContain(sensed.Events, e => e.What.StartsWith("ionized calcium measured: ", StringComparison.Ordinal));

        // Every 30 min by default, plus the re-checks after an order acted: at least seven in 3 h.
        var times = measured.Events.Where(e => e.What.StartsWith("ionized calcium measured: ", StringComparison.Ordinal)).Select(e => e.AtMinutes).ToArray();
        Assert.InRange(times.Length, 7, 40);
        Assert.True(times[0] < 2, $"the baseline is measured at the start, not at {times[0]} min");
    }

    [Fact]
    public void Each_measurement_draws_a_sample_the_patient_loses_and_a_sensor_or_no_volume_draws_none()
    {
        // A 15-kg child for 2 h: the measurements' blood is a share of a small blood volume.
        string Child(string extra) => ProcedureEngineTests.Json(kg: 15, inlet: 25, ratio: 12, stop: """{ "duration": "120 min" }""", extraProcedure: extra);
        var measured = Run(Child(", \"sampleVolume\": \"5 mL\""));
        var sensed = Run(Child(", \"sampleVolume\": \"5 mL\", \"calciumMonitoring\": \"continuous\""));
        var none = Run(Child(", \"sampleVolume\": \"0 mL\""));
        var usual = Run(Child(""));
        var count = measured.Events.Count(e => e.What.StartsWith("ionized calcium measured: ", StringComparison.Ordinal));
        Assert.InRange(count, 4, 40);

        // Every measurement's sample was drawn (the last within the run or its rinseback), 2 mL each by default.
        Assert.Equal(5.0 * count, measured.SampledMl, 1e-6);
        Assert.Equal(2.0 * usual.Events.Count(e => e.What.StartsWith("ionized calcium measured: ", StringComparison.Ordinal)), usual.SampledMl, 1e-6);
        Assert.Equal(0, sensed.SampledMl);
        Assert.Equal(0, none.SampledMl);

        // The blood is lost: the fluid balance is lower by it, the haematocrit falls further, and
        // the processed volume (what the separator saw) is the same.
        Assert.Equal(none.FluidBalanceMl - measured.SampledMl, measured.FluidBalanceMl, 0.05 * measured.SampledMl);
        Assert.True(measured.Hematocrit.PostPercent < none.Hematocrit.PostPercent, $"{measured.Hematocrit.PostPercent} vs {none.Hematocrit.PostPercent}");
        Assert.Equal(none.ProcessedVolumeL, measured.ProcessedVolumeL, 1e-9);

        var scenario = ProcedureEngineTests.Load(Child(", \"sampleVolume\": \"5 mL\""));
        Assert.Equal(5, ScenarioLoader.Load(ScenarioWriter.Write(scenario)).Scenario!.Procedure.SampleVolume!.Value.Milliliters, 9);
        Assert.Equal(3, ScenarioEdit.Parse("procedure.sampleVolume", System.Text.Json.Nodes.JsonValue.Create("3 mL")).Apply(scenario).Procedure.SampleVolumeUsed.Milliliters, 9);
        ProcedureEngineTests.AssertVolumeRefusedByName(Child, "sampleVolume", outside: "\"50 mL\"", bare: "2", wrongKind: "\"2 mmol/L\"");
    }

    [Fact]
    public void A_patient_with_a_low_tolerance_has_symptoms_and_is_slowed_and_a_high_tolerance_is_not()
    {
        var low = Run(Heavy("\"on-symptoms\"", " \"variation\": { \"citrateTolerance\": 0.01 },"));
        var high = Run(Heavy("\"on-symptoms\"", " \"variation\": { \"citrateTolerance\": 0.999 },"));
        var symptoms = Assert.Single(low.Alarms, a => a.Code == Codes.CitrateSymptoms.Name);
        Assert.Equal(AlarmSeverity.Safety, symptoms.Severity);
        Assert.DoesNotContain(high.Alarms, a => a.Code == Codes.CitrateSymptoms.Name && a.Severity == AlarmSeverity.Safety);
        Assert.True(low.ProcessedVolumeL < high.ProcessedVolumeL, $"slowed: {low.ProcessedVolumeL} L vs {high.ProcessedVolumeL} L");
        Assert.True(low.IonizedCalcium.ReactionProbability <= high.IonizedCalcium.ReactionProbability);
        Assert.Equal(symptoms.AtMinutes, low.IonizedCalcium.SymptomsAtMin);
        Assert.Null(high.IonizedCalcium.SymptomsAtMin);
        Assert.Contains("\"citrateSymptomsAtMin\"", SummaryJson.Write(low), StringComparison.Ordinal);
    }

    [Fact]
    public void Monitoring_and_tolerance_are_read_checked_and_written_back()
    {
        var every = ProcedureEngineTests.Load(Heavy("{ \"every\": \"45 min\" }"));
        Assert.Equal(CalciumMonitoringMode.Intermittent, every.Procedure.CalciumMonitoringUsed.Mode);
        Assert.Equal(45, every.Procedure.CalciumMonitoringUsed.Interval.Minutes, 9);
        var back = ScenarioLoader.Load(ScenarioWriter.Write(every)).Scenario!;
        Assert.Equal(every.Procedure.CalciumMonitoring, back.Procedure.CalciumMonitoring);

        var tolerant = ProcedureEngineTests.Load(Heavy("\"continuous\"", " \"variation\": { \"citrateTolerance\": 0.25 },"));
        var again = ScenarioLoader.Load(ScenarioWriter.Write(tolerant)).Scenario!;
        Assert.Equal(0.25, again.Patient.Varies.CitrateTolerance);
        Assert.Equal(CalciumMonitoringMode.Continuous, again.Procedure.CalciumMonitoringUsed.Mode);

        var none = Run(Heavy("\"none\""));
        Assert.DoesNotContain(none.Alarms, a => a.Code == Codes.IonizedCalciumLow.Name);
        Assert.DoesNotContain(none.Events, e => e.What.StartsWith("ionized calcium measured", StringComparison.Ordinal));
        Assert.True(none.IonizedCalcium.NadirMmolPerL < Run(Heavy("")).IonizedCalcium.NadirMmolPerL);

        var word = ScenarioLoader.Load(Heavy("\"hourly\""));
        var error = Assert.Single(word.Errors, e => e.Path == "procedure.calciumMonitoring");
        Assert.Contains("\"on-symptoms\"", error.Message, StringComparison.Ordinal);
        var tooOften = ScenarioLoader.Load(Heavy("{ \"every\": \"1 min\" }"));
        Assert.Contains(tooOften.Errors, e => e.Path == "procedure.calciumMonitoring.every");
        var noUnit = ScenarioLoader.Load(Heavy("{ \"every\": 30 }"));
        Assert.Contains(noUnit.Errors, e => e.Path == "procedure.calciumMonitoring.every");
        var badTolerance = ScenarioLoader.Load(Heavy("", " \"variation\": { \"citrateTolerance\": 1.5 },"));
        Assert.Contains(badTolerance.Errors, e => e.Path == "patient.variation.citrateTolerance");
    }

    [Fact]
    public void A_low_measured_calcium_raises_a_running_calcium_infusion_once_and_it_holds_calcium_better()
    {
        string Json(string monitoring) => Heavy(monitoring).Replace("\"calciumMonitoring\"", "\"calciumProphylaxis\": { \"infusion\": \"1.8 mmol/h\" }, \"calciumMonitoring\"", StringComparison.Ordinal);
        var watched = Run(Json("\"intermittent\""));
        var raised = Assert.Single(watched.Events, e => e.What.StartsWith("calcium infusion raised", StringComparison.Ordinal));
        Assert.True(raised.AtMinutes > 0);

        // The same patient with nobody acting: no raise, less calcium given.
        var unwatched = Run(Json("\"none\""));
        Assert.DoesNotContain(unwatched.Events, e => e.What.StartsWith("calcium infusion raised", StringComparison.Ordinal));
        Assert.True(watched.IonizedCalcium.GivenMmol > unwatched.IonizedCalcium.GivenMmol);

        // Without an infusion there is nothing to raise.
        Assert.DoesNotContain(Run(Heavy("\"intermittent\"")).Events, e => e.What.StartsWith("calcium infusion raised", StringComparison.Ordinal));
    }
}

public sealed class AnticoagulantTests
{
    private static ProcedureResult Run(string anticoagulant) => new ProcedureEngine(ProcedureEngineTests.Load(ProcedureEngineTests.Json(
        stop: """{ "duration": "60 min" }""", extraProcedure: anticoagulant.Length == 0 ? "" : $", \"anticoagulant\": \"{anticoagulant}\"")), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();

    [Fact]
    public void The_anticoagulant_sets_the_citrate_the_patient_gets_and_so_the_fall()
    {
        var a = Run("");
        var b = Run("acd-b");
        var half = Run("acd-a-half");
        Assert.Equal(a.Citrate.ToPatientMmol, Run("acd-a").Citrate.ToPatientMmol);
        Assert.Equal(67.8 / 112.8, b.Citrate.ToPatientMmol / a.Citrate.ToPatientMmol, 0.01);
        Assert.Equal(0.5, half.Citrate.ToPatientMmol / a.Citrate.ToPatientMmol, 0.01);
        Assert.True(half.IonizedCalcium.NadirMmolPerL > b.IonizedCalcium.NadirMmolPerL);
        Assert.True(b.IonizedCalcium.NadirMmolPerL > a.IonizedCalcium.NadirMmolPerL);
    }

    [Fact]
    public void An_unknown_anticoagulant_is_refused_naming_the_choices_and_a_known_one_is_written_back_and_edited()
    {
        var bad = ScenarioLoader.Load(ProcedureEngineTests.Json(extraProcedure: ", \"anticoagulant\": \"heparin\""));
        var error = Assert.Single(bad.Errors, e => e.Path == "procedure.anticoagulant");
        Assert.Contains("acd-b", error.Message, StringComparison.Ordinal);
        var b = ProcedureEngineTests.Load(ProcedureEngineTests.Json(extraProcedure: ", \"anticoagulant\": \"acd-b\""));
        Assert.Equal(Anticoagulant.AcdB, ScenarioLoader.Load(ScenarioWriter.Write(b)).Scenario!.Procedure.AnticoagulantUsed);
        var edited = ScenarioEdit.Parse("procedure.anticoagulant", JsonValue.Create("acd-a-half")).Apply(b);
        Assert.Equal(Anticoagulant.HalfStrengthAcd, edited.Procedure.AnticoagulantUsed);
    }
}
