namespace Leuka.Tests.Procedure;

public sealed class CirculationCareTests
{
    private static ProcedureResult Run(string json) => new ProcedureEngine(ProcedureEngineTests.Load(json), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();

    private static string Adult(string events = "[]", string stop = """{ "duration": "90 min" }""") =>
        ProcedureEngineTests.Json(kg: 70, inlet: 50, stop: stop, events: events);

    [Fact]
    public void An_ordinary_adult_run_keeps_the_pressure_within_a_few_mmHg_and_orders_nothing()
    {
        var r = Run(Adult());
        var c = r.Circulation;
        Assert.InRange(c.BaselineMeanMmHg - c.LowestMeanMmHg, 0, 5);
        Assert.Null(c.HypotensionAtMin);
        Assert.Equal(0, c.SalineBolusesMl);
        Assert.DoesNotContain(r.Alarms, a => a.Code == Codes.Hypotension.Name);
    }

    [Fact]
    public void A_vasovagal_reaction_is_measured_and_answered_by_stop_head_down_and_saline_then_the_run_resumes_slower()
    {
        var r = Run(Adult("""[{ "at": "30 min", "fault": { "type": "vasovagal-reaction" } }]"""));
        var alarm = Assert.Single(r.Alarms, a => a.Code == Codes.Hypotension.Name);
        Assert.Equal(AlarmSeverity.Safety, alarm.Severity);
        Assert.InRange(alarm.AtMinutes, 30, 32);
        Assert.Equal(250, r.Circulation.SalineBolusesMl);
        Assert.True(r.Circulation.LowestSystolicMmHg < 90);
        Assert.Contains(r.Events, e => e.What.StartsWith("patient tilted head down", StringComparison.Ordinal));
        var resumed = Assert.Single(r.Events, e => e.What.Contains("resumed at 80 %", StringComparison.Ordinal));
        Assert.InRange(resumed.AtMinutes, 32, 50);

        // The bolus reached the patient: the fluid balance holds most of 250 mL more than the same
        // run without the reaction (less blood processed also brought less AC).
        var calm = Run(Adult());
        Assert.InRange(r.FluidBalanceMl - calm.FluidBalanceMl, 150, 300);
        Assert.True(r.ProcessedVolumeL < calm.ProcessedVolumeL, "stopped, then slower");
    }

    [Fact]
    public void A_child_at_sixteen_percent_ecv_with_a_saline_prime_shows_the_fall_a_red_cell_prime_prevents()
    {
        string Child(string prime) => ProcedureEngineTests.Json(kg: 15, hct: 24, inlet: 25, prime: prime, stop: """{ "duration": "90 min" }""")
            .Replace("\"ageYears\": 8", "\"ageYears\": 4", StringComparison.Ordinal);
        var saline = Run(Child("saline"));
        var red = Run(Child("red-cells"));
        Assert.True(saline.Extracorporeal.PeakPercentOfTbv > 14, $"{saline.Extracorporeal.PeakPercentOfTbv}");
        Assert.True(saline.Circulation.LowestMeanMmHg < red.Circulation.LowestMeanMmHg - 0.5, $"saline {saline.Circulation.LowestMeanMmHg} vs red cells {red.Circulation.LowestMeanMmHg}");
        // What remains with red cells is the citrate's: ionized calcium's hold on contractility.
        Assert.True(red.Circulation.BaselineMeanMmHg - red.Circulation.LowestMeanMmHg < 2.5, $"{red.Circulation.LowestMeanMmHg}");
    }

    [Fact]
    public void Measured_vitals_set_the_start_and_head_down_tilt_is_an_event()
    {
        var json = Adult("""[{ "at": "10 min", "position": "trendelenburg" }, { "at": "20 min", "position": "flat" }]""")
            .Replace("\"weight\": \"70 kg\",", "\"weight\": \"70 kg\", \"vitals\": { \"bloodPressure\": \"150/90 mmHg\", \"heartRate\": \"88 bpm\" },", StringComparison.Ordinal);
        var r = Run(json);
        Assert.True(r.Circulation.VitalsMeasured);
        Assert.Equal(150, r.Circulation.BaselineSystolicMmHg, 6);
        Assert.Equal(88, r.Circulation.BaselineHeartRate, 6);
        Assert.Equal(100, r.Circulation.HypotensionThresholdMmHg, 6);
        Assert.Contains(r.Events, e => e.What == "patient tilted head down (Trendelenburg)");
        Assert.Contains(r.Events, e => e.What == "patient laid flat");
    }

    [Theory]
    [InlineData("\"120/80\"", "bloodPressure", "mmHg")]
    [InlineData("\"16/10 kPa\"", "bloodPressure", "mmHg")]
    [InlineData("\"80/120 mmHg\"", "bloodPressure", "above the diastolic")]
    [InlineData("120", "bloodPressure", "expected a non-empty string")]
    public void A_bad_blood_pressure_names_the_field_and_what_is_valid(string value, string field, string expected)
    {
        var json = Adult().Replace("\"weight\": \"70 kg\",", $"\"weight\": \"70 kg\", \"vitals\": {{ \"{field}\": {value}, \"heartRate\": \"70 /min\" }},", StringComparison.Ordinal);
        var loaded = ScenarioLoader.Load(json);
        var error = Assert.Single(loaded.Errors, e => e.Path == $"patient.vitals.{field}");
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"vitals\": { \"bloodPressure\": \"120/80 mmHg\", \"heartRate\": \"70\" }", "patient.vitals.heartRate")]
    [InlineData("\"vitals\": { \"bloodPressure\": \"120/80 mmHg\", \"heartRate\": \"300 /min\" }", "patient.vitals.heartRate")]
    [InlineData("\"priorProcedures\": -1", "patient.priorProcedures")]
    [InlineData("\"priorProcedures\": 1.5", "patient.priorProcedures")]
    public void Bad_vitals_or_prior_procedures_are_refused_by_name(string field, string path)
    {
        var loaded = ScenarioLoader.Load(Adult().Replace("\"weight\": \"70 kg\",", $"\"weight\": \"70 kg\", {field},", StringComparison.Ordinal));
        Assert.Contains(loaded.Errors, e => e.Path == path);
    }

    [Fact]
    public void Prior_procedures_lower_the_vasovagal_risk_and_the_summary_reports_it()
    {
        var first = Run(Adult());
        var repeat = Run(Adult().Replace("\"weight\": \"70 kg\",", "\"weight\": \"70 kg\", \"priorProcedures\": 3,", StringComparison.Ordinal));
        Assert.True(first.Circulation.VasovagalRisk > 1.5 * repeat.Circulation.VasovagalRisk, $"{first.Circulation.VasovagalRisk} vs {repeat.Circulation.VasovagalRisk}");
        Assert.InRange(repeat.Circulation.VasovagalRisk, 0.01, 0.1);
    }

    private static string WithPatient(string json, string extra) =>
        json.Replace("\"weight\": \"70 kg\",", $"\"weight\": \"70 kg\", {extra},", StringComparison.Ordinal);

    [Fact]
    public void A_hypertensive_patients_faint_is_caught_because_the_pulse_pressure_narrows_with_the_pressure()
    {
        var r = Run(WithPatient(Adult("""[{ "at": "30 min", "fault": { "type": "vasovagal-reaction" } }]"""), "\"vitals\": { \"bloodPressure\": \"160/70 mmHg\", \"heartRate\": \"72 /min\" }"));
        Assert.Contains(r.Alarms, a => a.Code == Codes.Hypotension.Name);
        Assert.True(r.Circulation.LowestSystolicMmHg < r.Circulation.HypotensionThresholdMmHg);
    }

    [Fact]
    public void A_child_stopped_for_hypotension_resumes_below_its_own_resting_pressure()
    {
        var json = ProcedureEngineTests.Json(kg: 18, hct: 34, inlet: 25, prime: "red-cells", stop: """{ "duration": "90 min" }""",
            events: """[{ "at": "20 min", "fault": { "type": "vasovagal-reaction" } }]""").Replace("\"ageYears\": 8", "\"ageYears\": 5", StringComparison.Ordinal);
        var r = Run(json);
        Assert.Contains(r.Alarms, a => a.Code == Codes.Hypotension.Name);
        Assert.Contains(r.Events, e => e.What.Contains("resumed at 80 %", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Warnings, w => w.Code == Codes.PauseTimeout.Name);
        Assert.Equal(180, r.Circulation.SalineBolusesMl, 6);
    }

    [Fact]
    public void Head_down_tilt_raises_the_pressure_while_it_lasts()
    {
        var engine = new ProcedureEngine(ProcedureEngineTests.Load(Adult("""[{ "at": "10 min", "position": "trendelenburg" }]""")), Leuka.Tests.Procedure.ProcedureEngineTests.Shared);
        var flat = new ProcedureEngine(ProcedureEngineTests.Load(Adult()), Leuka.Tests.Procedure.ProcedureEngineTests.Shared);
        engine.RunToEnd();
        flat.RunToEnd();
        double At(ProcedureEngine e, double t) => e.Rows.First(x => x.TimeMin >= t).MeanPressure;
        Assert.True(At(engine, 15) > At(flat, 15) + 0.2, $"{At(engine, 15)} vs {At(flat, 15)}");
        Assert.Equal(At(engine, 5), At(flat, 5), 9);
    }

    [Fact]
    public void A_vasovagal_reaction_takes_no_duration_and_digits_must_be_ascii()
    {
        var withDuration = ScenarioLoader.Load(Adult("""[{ "at": "30 min", "fault": { "type": "vasovagal-reaction", "duration": "5 min" } }]"""));
        Assert.Contains(withDuration.Errors, e => e.Path == "events[0].fault.duration");
        var arabic = ScenarioLoader.Load(WithPatient(Adult(), "\"vitals\": { \"bloodPressure\": \"\u0661\u0662\u0660/\u0668\u0660 mmHg\", \"heartRate\": \"72 /min\" }"));
        Assert.Contains(arabic.Errors, e => e.Path == "patient.vitals.bloodPressure");
    }

    [Fact]
    public void A_patient_resting_below_the_age_threshold_is_not_hypotensive_at_rest()
    {
        var r = Run(WithPatient(Adult(), "\"vitals\": { \"bloodPressure\": \"85/50 mmHg\", \"heartRate\": \"70 /min\" }"));
        Assert.Equal(75, r.Circulation.HypotensionThresholdMmHg, 6);
        Assert.DoesNotContain(r.Alarms, a => a.Code == Codes.Hypotension.Name);
    }
}
