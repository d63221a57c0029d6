using Leuka.Separation;

namespace Leuka.Tests.Procedure;

/// <summary>The thresholds the planner cautions about are said after a run and by the check too.</summary>
public sealed class RunWarningsTests
{
    private static readonly SeparatorCache Cache = new(SeparatorModel.Default);

    private static ScenarioLoadResult Load(string json) => ScenarioLoader.Load(json);

    [Fact]
    public void A_citrate_rate_above_the_ceiling_and_a_large_fluid_balance_are_warned_after_the_run()
    {
        // A small adult, strong AC at a high limit: citrate above 1.9 mg/kg/min.
        var json = ProcedureEngineTests.Json(kg: 45, hct: 40, inlet: 80, ratio: 7, stop: """{ "duration": "120 min" }""").Replace("\"1.2 mL/min/L\"", "\"1.6 mL/min/L\"", StringComparison.Ordinal);
        var loaded = Load(json);
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Errors));
        var result = new ProcedureEngine(loaded.Scenario!, Cache).RunToEnd();
        Assert.True(result.Citrate.PeakInfusionRateMgPerKgPerMin > 1.9, $"{result.Citrate.PeakInfusionRateMgPerKgPerMin}");
        Assert.Contains(result.Warnings, w => w.Code == "citrate-rate");

        var mild = new ProcedureEngine(Load(ProcedureEngineTests.Json(kg: 80, inlet: 40, ratio: 14)).Scenario!, Cache).RunToEnd();
        Assert.DoesNotContain(mild.Warnings, w => w.Code is "citrate-rate" or "fluid-balance-large");

        var wet = new ProcedureEngine(loaded.Scenario!, Cache).RunToEnd();
        var tbvMl = wet.TotalBloodVolumeL * 1000;
        Assert.Equal(Math.Abs(wet.FluidBalanceMl) > 0.15 * tbvMl, wet.Warnings.Any(w => w.Code == "fluid-balance-large"));
    }

    [Fact]
    public void The_check_warns_of_events_timed_after_the_expected_end()
    {
        var events = """[ { "at": "20 min", "give": { "calciumGluconate10Percent": "10 mL" } }, { "at": "45 min", "pause": {} } ]""";
        var late = Load(ProcedureEngineTests.Json(stop: """{ "duration": "30 min" }""", events: events));
        var warning = Assert.Single(late.Warnings, w => w.Code == "events-after-stop");
        Assert.Contains("1 event(s) from 45 min", warning.Message, StringComparison.Ordinal);
        var inTime = Load(ProcedureEngineTests.Json(stop: """{ "duration": "60 min" }""", events: events));
        Assert.DoesNotContain(inTime.Warnings, w => w.Code == "events-after-stop");
    }

    [Fact]
    public void A_calcium_just_below_a_level_never_prints_as_the_level()
    {
        var orders = new StandingOrders(CalciumMonitoring.Continuous, null);
        var log = new AlarmLog();
        orders.Check(0, 0.8995, 0, log);
        var alarm = Assert.Single(log.Alarms);
        Assert.StartsWith("ionized calcium 0.89 mmol/L is below 0.90", alarm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_the_limits_hold_below_the_minimum_inlet_ends_as_stalled_with_the_values_and_the_check_warns_first()
    {
        var json = ProcedureEngineTests.Json(kg: 70, hct: 30, wbc: 1500, blasts: 90, kind: "leukocyte-depletion", inlet: 60, collect: 4, access: "peripheral", stop: """{ "bloodVolumes": 2 }""");
        var loaded = Load(json);
        Assert.Contains(loaded.Warnings, w => w.Code == "viscosity-out-of-range");
        var result = new ProcedureEngine(loaded.Scenario!, Cache).RunToEnd();
        Assert.StartsWith("stalled: ", result.StopReason, StringComparison.Ordinal);
        var warning = Assert.Single(result.Warnings, w => w.Code == "run-stalled");
        Assert.Contains("viscosity", warning.Message, StringComparison.Ordinal);
        Assert.True(result.DurationMin < 120, $"ended after {result.DurationMin} min, not at the 8-h limit");

        var ordinary = Load(ProcedureEngineTests.Json(kg: 70, hct: 30, wbc: 100, blasts: 80, kind: "leukocyte-depletion", inlet: 60, collect: 4));
        Assert.DoesNotContain(ordinary.Warnings, w => w.Code == "viscosity-out-of-range");
        Assert.DoesNotContain(new ProcedureEngine(ordinary.Scenario!, Cache).RunToEnd().Warnings, w => w.Code == "run-stalled");
    }

    [Fact]
    public void A_collect_flow_that_drains_the_patient_is_stopped_at_the_absolute_fluid_loss_limit()
    {
        // The probe's case: the CML example with the collect pump at its accepted maximum.
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Leuka.Testing.RepositoryFiles.Example("cml-profound-hyperleukocytosis.json")))!;
        json["procedure"]!["collectFlow"] = "20 mL/min";
        var result = new ProcedureEngine(Load(json.ToJsonString()).Scenario!, Cache).RunToEnd();
        var alarm = Assert.Single(result.Alarms, a => a.Code == "fluid-loss-limit");
        Assert.Equal((AlarmSeverity.Absolute, AlarmResponse.Stop), (alarm.Severity, alarm.Response));
        Assert.StartsWith("net fluid loss reached 15 %", result.StopReason, StringComparison.Ordinal);
        var tbvMl = result.TotalBloodVolumeL * 1000;
        Assert.True(-result.FluidBalanceMl <= 0.16 * tbvMl, $"lost {-result.FluidBalanceMl} mL of {tbvMl}");

        // An ordinary depletion never meets the limit.
        var ordinary = new ProcedureEngine(Load(File.ReadAllText(Leuka.Testing.RepositoryFiles.Example("adult-aml-hyperleukocytosis.json"))).Scenario!, Cache).RunToEnd();
        Assert.DoesNotContain(ordinary.Alarms, a => a.Code == "fluid-loss-limit");
    }

    [Theory]
    [InlineData(57, 60)]
    [InlineData(59.5, 60.5)]
    [InlineData(64, 65)]
    public void Blood_concentrated_by_a_high_collect_flow_is_stopped_at_the_absolute_haematocrit_limit(double startHct, double limit)
    {
        // Every setting at its maximum: plasma leaves with the product faster than anything replaces it.
        var scenario = Load(ProcedureEngineTests.Json(kg: 90, hct: startHct, wbc: 30, blasts: 60, kind: "leukocyte-depletion", inlet: 150, ratio: 16, collect: 20, stop: """{ "duration": "8 h" }""")).Scenario!;
        var engine = new ProcedureEngine(scenario, Cache);
        var result = engine.RunToEnd();
        var alarm = Assert.Single(result.Alarms, a => a.Code == "hematocrit-limit");
        Assert.Equal((AlarmSeverity.Absolute, AlarmResponse.Stop), (alarm.Severity, alarm.Response));
        Assert.StartsWith("haematocrit reached the absolute limit", result.StopReason, StringComparison.Ordinal);
        Assert.Equal(limit, ClinicalThresholds.HematocritLimit(startHct), 9);

        // The stop lands on the step that reaches the limit: never a step's rise beyond it.
        Assert.All(engine.Rows, r => Assert.True(r.HematocritPercent < limit + 0.5, $"Hct {r.HematocritPercent} % at {r.TimeMin} min"));

        // The same patient at ordinary settings never meets it.
        var ordinary = new ProcedureEngine(Load(ProcedureEngineTests.Json(kg: 90, hct: Math.Min(startHct, 50), wbc: 30, blasts: 60, kind: "leukocyte-depletion", inlet: 60, collect: 3, stop: """{ "duration": "3 h" }""")).Scenario!, Cache).RunToEnd();
        Assert.DoesNotContain(ordinary.Alarms, a => a.Code == "hematocrit-limit");
    }

    [Fact]
    public void A_set_too_large_for_the_patient_with_a_saline_prime_is_refused_before_anything_runs()
    {
        // The probe's 5-kg infant: the 185-mL set is about half the blood volume.
        var infant = ProcedureEngineTests.Json(kg: 5, hct: 35, prime: "saline");
        var loaded = Load(infant);
        Assert.Null(loaded.Scenario);
        var error = Assert.Single(loaded.Errors);
        Assert.Equal("procedure.prime", error.Path);
        Assert.Matches(@"the set holds 185 mL, 5\d\.\d % of this patient's blood volume", error.Message);
        Assert.Contains("\"prime\": \"red-cells\"", error.Message, StringComparison.Ordinal);

        // With a red-cell prime the same infant runs; a 12-kg child (about 20 %) runs on saline with the caution.
        Assert.NotNull(Load(ProcedureEngineTests.Json(kg: 5, hct: 35, prime: "red-cells")).Scenario);
        var child = new ProcedureEngine(Load(ProcedureEngineTests.Json(kg: 12, hct: 35, prime: "saline")).Scenario!, Cache).RunToEnd();
        Assert.Contains(child.Warnings, w => w.Code == "ecv-high");

        // A scenario built in code meets the same refusal in the engine.
        var built = Load(ProcedureEngineTests.Json(kg: 5, hct: 35, prime: "red-cells")).Scenario!;
        var unsafeScenario = built with { Procedure = built.Procedure with { Prime = PrimeFluid.Saline } };
        var thrown = Assert.Throws<ArgumentException>(() => new ProcedureEngine(unsafeScenario, Cache));
        Assert.StartsWith("procedure.prime:", thrown.Message, StringComparison.Ordinal);
    }
}
